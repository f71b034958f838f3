package io.botgrid.bench;

import io.botgrid.testkit.FakeSlack;
import io.botgrid.testkit.FakeSlack.MessageEventSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * ({@link FakeSlack}). Prints the acknowledged rate and latency, and the rate of replies delivered over the same
 * window, so the figure covers the whole path and not only the acknowledgement.
 *
 * <p>By default each sender waits for its message's reply to reach the local Slack before it sends the next one (the
 * user of a chat waits for the bot's answer): the rate is then of messages handled end to end, and the node cannot
 * take messages faster than it delivers their replies while a backlog of undelivered replies grows unseen, as it did
 * when the senders waited only for the endpoint's 200 ({@code --no-await-replies}, the earlier figures).
 *
 * <p>The node runs in a child JVM ({@link SlackNodeMain}, started like the other workloads' child nodes by
 * {@link ChildNode}); this JVM is only the load generator: the senders and the local Slack that receives the
 * replies. On a shared machine the generator's CPU would otherwise count as the node's, so the CPU per event is
 * printed for the node's process and the generator's separately.
 */
@Command(name = "botgrid-bench-slack", mixinStandardHelpOptions = true,
        description = "Slack endpoint throughput on one node. Figures on stdout: 'name: value unit'.")
public final class SlackEndpointBench implements Callable<Integer> {
    static final String BOT = "bench-slack";
    static final String SECRET = "bench-signing-secret-0123456789ab";

    @Option(names = "--warmup", defaultValue = "10", description = "Warm-up seconds (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds;

    @Option(names = "--measure", defaultValue = "20", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    private int measureSeconds;

    @Option(names = "--concurrency", defaultValue = "64", description = "Senders (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--conversations", defaultValue = "1000",
            description = "Distinct conversations (sessions) the events spread over (default: ${DEFAULT-VALUE}).")
    private int conversations;

    @Option(names = "--await-replies", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Each sender waits for its reply before the next message (default: ${DEFAULT-VALUE}).")
    private boolean awaitReplies;

    @Option(names = "--node-heap", defaultValue = "2g",
            description = "Heap of the node's JVM (default: ${DEFAULT-VALUE}).")
    private String nodeHeap;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SlackEndpointBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempDirectory("botgrid-bench-slack-");
        int port = Ports.freeRange(20);
        Figures.machine();
        Figures.line("setup", "1 node in a child JVM (WAL " + SlackNodeMain.config(data, port).walMode()
                + ", heap " + nodeHeap + "), echo bot; load generator and local Slack in this JVM, " + concurrency
                + " senders, " + conversations + " conversations");
        try (FakeSlack slack = FakeSlack.start();
             ChildNode node = ChildNode.launch("slack-node", data.resolve("slack-node.log"), nodeHeap,
                     SlackNodeMain.class.getName(), List.of(data.resolve("node").toString(), String.valueOf(port),
                             slack.baseUrl().toString()))) {
            node.awaitReady(Duration.ofMinutes(3));
            URI events = URI.create("http://127.0.0.1:" + node.announced(SlackNodeMain.ENDPOINT_PORT)
                    + "/slack/events/" + BOT);
            URI metrics = URI.create("http://127.0.0.1:" + node.announced(SlackNodeMain.METRICS_PORT) + "/metrics");
            run(slack, events, new NodeProcess(node, metrics));
        } finally {
            deleteQuietly(data);
        }
        return 0;
    }

    private void run(FakeSlack slack, URI events, NodeProcess node) throws InterruptedException {
        Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong acked = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sequence = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong missing = new AtomicLong();
        Recorder endToEnd = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        Map<String, CompletableFuture<Void>> awaiting = new ConcurrentHashMap<>();
        slack.onPost(post -> {
            CompletableFuture<Void> reply = awaiting.remove(post.text());
            if (reply != null) {
                reply.complete(null);
            }
        });
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    long n = sequence.incrementAndGet();
                    String text = "message " + n;
                    CompletableFuture<Void> reply = new CompletableFuture<>();
                    if (awaitReplies) {
                        awaiting.put(text, reply);
                    }
                    long start = System.nanoTime();
                    int status = slack.sendMessageEvent(events, SECRET, MessageEventSpec.of(
                            "C" + (n % conversations), "U1", text)).status();
                    latencies.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(60)));
                    (status == 200 ? acked : refused).incrementAndGet();
                    if (awaitReplies && status == 200) {
                        awaitReply(reply, start, endToEnd, answered, missing);
                    }
                    awaiting.remove(text);
                }
            }, "slack-sender-" + i);
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
        Figures.progress("slack: warm-up " + warmupSeconds + " s, then measuring " + measureSeconds + " s");
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds)); // the load runs meanwhile: a timed phase, not a wait
        latencies.getIntervalHistogram();
        endToEnd.getIntervalHistogram();
        long answeredBefore = answered.get();
        long missingBefore = missing.get();
        long ackedBefore = acked.get();
        long refusedBefore = refused.get();
        int postsBefore = slack.postCount();
        long cpuBefore = Jvm.processCpuNanos();
        long nodeCpuBefore = node.cpuNanos();
        String metricsBefore = node.scrape();
        long begin = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(measureSeconds));
        double seconds = (System.nanoTime() - begin) / 1e9;
        long cpu = Jvm.processCpuNanos() - cpuBefore;
        long nodeCpu = node.cpuNanos() - nodeCpuBefore;
        String metricsAfter = node.scrape();
        Histogram h = latencies.getIntervalHistogram();
        Histogram e2e = endToEnd.getIntervalHistogram();
        long answeredIn = answered.get() - answeredBefore;
        long missingIn = missing.get() - missingBefore;
        long ackedIn = acked.get() - ackedBefore;
        int delivered = slack.postCount() - postsBefore;
        stop.set(true);
        for (Thread t : senders) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (awaitReplies) {
            // The headline: messages whose reply reached Slack, each sender waiting for its reply.
            Figures.figure("slack.end_to_end_throughput", answeredIn / seconds, "messages/s");
            Figures.latency("slack.end_to_end_latency", e2e);
            Figures.count("slack.replies_missing", missingIn, "messages");
        }
        Figures.figure("slack.ack_throughput", ackedIn / seconds, "events/s");
        Figures.latency("slack.ack_latency", h);
        Figures.count("slack.refused", refused.get() - refusedBefore, "events");
        Figures.figure("slack.replies_delivered", delivered / seconds, "replies/s");
        Figures.figure("slack.delivered_vs_acked.ratio", ackedIn == 0 ? 0 : delivered / (double) ackedIn, "");
        // CPU time per acknowledged event of the node's JVM and of this one (senders and local Slack), and both
        // together (what the single JVM of earlier versions printed as cpu_per_event): on a shared machine the rate
        // follows the CPU the benchmark gets, these follow the work one message costs.
        Figures.figure("slack.node_cpu_per_event", ackedIn == 0 ? 0 : nodeCpu / 1e3 / ackedIn, "us");
        Figures.figure("slack.generator_cpu_per_event", ackedIn == 0 ? 0 : cpu / 1e3 / ackedIn, "us");
        Figures.figure("slack.cpu_per_event", ackedIn == 0 ? 0 : (nodeCpu + cpu) / 1e3 / ackedIn, "us");
        Figures.figure("slack.node_cpu_used", nodeCpu / 1e9 / seconds, "cores");
        Figures.figure("slack.generator_cpu_used", cpu / 1e9 / seconds, "cores");
        // What one message costs the node in actor turns and journal work, whatever CPU the machine gives it.
        for (String[] m : new String[][] {{"botgrid_actor_turn_duration_seconds_count", "turns_per_event"},
                {"botgrid_journal_write_seconds_count", "journal_batches_per_event"},
                {"botgrid_journal_events_written_total", "journal_entries_per_event"},
                {"botgrid_journal_snapshot_writes_total", "snapshots_per_event"}}) {
            double delta = sum(metricsAfter, m[0]) - sum(metricsBefore, m[0]);
            Figures.figure("slack." + m[1], ackedIn == 0 ? 0 : delta / ackedIn, "");
        }
    }

    /** Waits for a sender's reply; one not posted within a minute counts as missing (the run is then broken). */
    private static void awaitReply(CompletableFuture<Void> reply, long start, Recorder endToEnd, AtomicLong answered,
                                   AtomicLong missing) {
        try {
            reply.get(1, TimeUnit.MINUTES);
            endToEnd.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(60)));
            answered.incrementAndGet();
        } catch (TimeoutException | ExecutionException e) {
            missing.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** The node's child JVM, and where it serves its metrics. */
    private record NodeProcess(ChildNode process, URI metrics) {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        /** CPU time the node's process used so far; fails if the platform does not tell (the figure would lie). */
        long cpuNanos() {
            return process.cpuTime().orElseThrow(() -> new IllegalStateException(
                    "the platform does not report the CPU time of the node's process")).toNanos();
        }

        /** The node's metrics in Prometheus' text format. */
        String scrape() {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("metrics of the node: HTTP " + r.statusCode());
                }
                return r.body();
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the node's metrics", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the node's metrics", e);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            Figures.progress("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
