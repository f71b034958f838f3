package io.botgrid.bench;

import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.testkit.FakeSlack;
import io.botgrid.testkit.FakeSlack.MessageEventSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Messages per second through the Slack endpoint of one node: signed Events API posts (each a new event of one of
 * {@code --conversations} conversations) from {@code --concurrency} closed-loop senders, acknowledged by the node once
 * stored in their session, handled by an echo bot, and answered through {@code chat.postMessage} to a local Slack
 * ({@link FakeSlack}) in the driver's JVM. Prints the acknowledged rate and latency, and the rate of replies
 * delivered over the same window, so the figure covers the whole path and not only the acknowledgement.
 */
@Command(name = "botgrid-bench-slack", mixinStandardHelpOptions = true,
        description = "Slack endpoint throughput on one node. Figures on stdout: 'name: value unit'.")
public final class SlackEndpointBench implements Callable<Integer> {
    private static final String BOT = "bench-slack";
    private static final String SECRET = "bench-signing-secret-0123456789ab";

    @Option(names = "--warmup", defaultValue = "10", description = "Warm-up seconds (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds;

    @Option(names = "--measure", defaultValue = "20", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    private int measureSeconds;

    @Option(names = "--concurrency", defaultValue = "64", description = "Senders (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--conversations", defaultValue = "1000",
            description = "Distinct conversations (sessions) the events spread over (default: ${DEFAULT-VALUE}).")
    private int conversations;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SlackEndpointBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempDirectory("botgrid-bench-slack-");
        int port = Ports.freeRange(20);
        NodeConfig config = NodeConfig.builder().nodeName("slack-bench").dataDir(data.resolve("node"))
                .discoveryPort(port).communicationPort(port + 10).portRange(9).grpcPort(0).endpointPort(0).metricsPort(0).consolePort(-1)
                .baselineAutoAdjust(Duration.ZERO).build();
        Figures.machine();
        Figures.line("setup", "1 node in this JVM (WAL " + config.walMode() + "), echo bot, local Slack in this JVM, "
                + concurrency + " senders, " + conversations + " conversations");
        try (FakeSlack slack = FakeSlack.start();
             BotgridNode node = BotgridNode.builder().config(config).actorTypes(ActorTypes.none()).start()) {
            node.awaitReady(Duration.ofMinutes(2));
            node.bots().createBot(CreateBotRequest.newBuilder().setBotId(BOT).setName("bench").setHandler("echo")
                    .build()).join();
            node.bots().connectChannel(ConnectChannelRequest.newBuilder().setBotId(BOT)
                    .setKind(ChannelKind.CHANNEL_KIND_SLACK).putSettings("signing_secret", SECRET)
                    .putSettings("bot_token", "xoxb-bench").putSettings("api_base_url", slack.baseUrl().toString())
                    .build()).join();
            URI events = URI.create("http://127.0.0.1:" + node.endpointPort() + "/slack/events/" + BOT);
            run(slack, events, node);
        } finally {
            deleteQuietly(data);
        }
        return 0;
    }

    private void run(FakeSlack slack, URI events, BotgridNode node) throws InterruptedException {
        Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong acked = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sequence = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    long n = sequence.incrementAndGet();
                    long start = System.nanoTime();
                    int status = slack.sendMessageEvent(events, SECRET, MessageEventSpec.of(
                            "C" + (n % conversations), "U1", "message " + n)).status();
                    latencies.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(60)));
                    (status == 200 ? acked : refused).incrementAndGet();
                }
            }, "slack-sender-" + i);
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
        Figures.progress("slack: warm-up " + warmupSeconds + " s, then measuring " + measureSeconds + " s");
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds)); // the load runs meanwhile: a timed phase, not a wait
        latencies.getIntervalHistogram();
        long ackedBefore = acked.get();
        long refusedBefore = refused.get();
        int postsBefore = slack.posts().size();
        long cpuBefore = processCpuNanos();
        String metricsBefore = node.metrics().scrape();
        long begin = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(measureSeconds));
        double seconds = (System.nanoTime() - begin) / 1e9;
        long cpu = processCpuNanos() - cpuBefore;
        String metricsAfter = node.metrics().scrape();
        Histogram h = latencies.getIntervalHistogram();
        long ackedIn = acked.get() - ackedBefore;
        int delivered = slack.posts().size() - postsBefore;
        stop.set(true);
        for (Thread t : senders) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        Figures.figure("slack.ack_throughput", ackedIn / seconds, "events/s");
        Figures.latency("slack.ack_latency", h);
        Figures.count("slack.refused", refused.get() - refusedBefore, "events");
        Figures.figure("slack.replies_delivered", delivered / seconds, "replies/s");
        Figures.figure("slack.delivered_vs_acked.ratio", ackedIn == 0 ? 0 : delivered / (double) ackedIn, "");
        // CPU time of this JVM (node, senders and local Slack together) per acknowledged event: on a shared machine
        // the rate follows the CPU the benchmark gets, this follows the work one message costs.
        Figures.figure("slack.cpu_per_event", ackedIn == 0 ? 0 : cpu / 1e3 / ackedIn, "us");
        Figures.figure("slack.cpu_used", cpu / 1e9 / seconds, "cores");
        // What one message costs the node in actor turns and journal work, whatever CPU the machine gives it.
        for (String[] m : new String[][] {{"botgrid_actor_turn_duration_seconds_count", "turns_per_event"},
                {"botgrid_journal_write_seconds_count", "journal_batches_per_event"},
                {"botgrid_journal_events_written_total", "journal_entries_per_event"}}) {
            double delta = sum(metricsAfter, m[0]) - sum(metricsBefore, m[0]);
            Figures.figure("slack." + m[1], ackedIn == 0 ? 0 : delta / ackedIn, "");
        }
    }

    /** The sum over all labels of a metric in Prometheus' text format. */
    private static double sum(String scrape, String name) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            Figures.progress("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
