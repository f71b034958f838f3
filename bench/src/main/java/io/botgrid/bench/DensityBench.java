package io.botgrid.bench;

import com.google.protobuf.BytesValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Parser;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorSettings;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig.WalMode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import javax.management.ObjectName;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * W4, density: how many idle activations one node holds and how fast it makes them. One node in this JVM; actors
 * of a session-sized type ({@value #STATE_BYTES} bytes of state each, as a conversation's session with its platform,
 * team, user and a few variables; nothing persisted) are activated {@code --concurrency} at a time, then left idle
 * (passivation after an hour, so none is passivated during the run). Figures: the activation rate and the latency
 * of first calls (activation included), then the heap held per idle activation after a full GC (heap used after
 * the activations minus heap used before them, both right after {@code System.gc()}), and the classes that grew
 * most, per activation, from the JVM's class histogram, so that what an idle activation costs can be seen and
 * trimmed.
 */
@Command(name = "w4", mixinStandardHelpOptions = true, description = "W4: idle activations per node and their cost")
public final class DensityBench implements Callable<Integer> {
    /** The actor type of the benchmark. */
    static final String TYPE = "w4";
    /** The state every activation holds. */
    static final int STATE_BYTES = 160;
    private static final int CHUNK = 50_000;
    private static final int TOP_CLASSES = 12;

    @Option(names = "--actors", defaultValue = "1000000", description = "Activations to make (default: ${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--concurrency", defaultValue = "64", description = "First calls outstanding (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--data-region-mb", defaultValue = "1024", description = "Ignite data region (default: ${DEFAULT-VALUE}).")
    int dataRegionMb;

    @Option(names = "--work-dir", description = "Where the node's data folder goes (default: the system temp folder).")
    Path workDir;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", WorkloadDriver.LOGBACK_CONFIG);
        }
        System.exit(new CommandLine(new DensityBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (actors < 1 || concurrency < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--actors and --concurrency must be positive");
        }
        Figures.machine();
        Figures.count("w4.actors", actors, "actors");
        Figures.count("w4.concurrency", concurrency, "requests");
        Figures.count("w4.state_size", STATE_BYTES, "bytes");
        Figures.figure("w4.max_heap", Runtime.getRuntime().maxMemory() / 1048576.0, "MiB");
        try (RunResources resources = RunResources.create(workDir)) {
            int ports = BenchNodeConfig.freePorts();
            BenchNodeConfig config = new BenchNodeConfig("w4-1", resources.root().resolve("w4-1"), ports,
                    ports + BenchNodeConfig.PORT_RANGE + 1, WalMode.LOG_ONLY, Transport.MESSAGING, dataRegionMb, 0,
                    false);
            Figures.progress("w4: starting a 1-node cluster");
            try (BotgridNode node = BotgridNode.builder().config(config.toNodeConfig()).actorTypes(types()).start()) {
                node.awaitReady(Duration.ofMinutes(1));
                run(node);
            }
        }
        return 0;
    }

    private static ActorTypes types() {
        return ActorTypes.builder().register(TYPE, new IdleSession(),
                ActorSettings.DEFAULT.withSnapshotEvery(0).withPassivationIdle(Duration.ofHours(1))).build();
    }

    private void run(BotgridNode node) throws Exception {
        ActorClient client = node.actors();
        // The driver's loop and histogram exist before the baseline, and a few activations are made first, so
        // classes are loaded and pools started: the heap that grows after the baseline is the activations'.
        ClosedLoop loop = new ClosedLoop("w4", concurrency);
        Histogram latency = new Histogram(60_000_000_000L, 3);
        activate(loop, client, "warm", 0, 2_000, null);
        Map<String, long[]> before = classHistogram();
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        long errors = 0;
        for (int from = 0; from < actors; from += CHUNK) {
            int n = Math.min(CHUNK, actors - from);
            errors += activate(loop, client, "k", from, n, latency);
            double seconds = (System.nanoTime() - start) / 1e9;
            Figures.progress(String.format("w4: %,d activations in %.1f s (%,.0f/s)", from + n, seconds,
                    (from + n) / seconds));
        }
        long nanos = System.nanoTime() - start;
        Figures.figure("w4.activation_rate", actors * 1e9 / nanos, "activations/s");
        Figures.millis("w4.activation.p50", latency.getValueAtPercentile(50));
        Figures.millis("w4.activation.p99", latency.getValueAtPercentile(99));
        Figures.count("w4.activation.errors", errors, "calls");
        Figures.count("w4.active", node.activeActors(), "activations");
        long heapAfter = usedHeapAfterGc();
        Figures.figure("w4.heap_before", heapBefore / 1048576.0, "MiB");
        Figures.figure("w4.heap_after", heapAfter / 1048576.0, "MiB");
        Figures.figure("w4.heap_per_activation", (heapAfter - heapBefore) / (double) actors, "bytes");
        Map<String, long[]> after = classHistogram();
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        after.forEach((cls, a) -> {
            long[] b = before.getOrDefault(cls, new long[2]);
            grown.add(Map.entry(cls, a[1] - b[1]));
        });
        grown.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
        for (Map.Entry<String, Long> e : grown.subList(0, Math.min(TOP_CLASSES, grown.size()))) {
            long[] a = after.get(e.getKey());
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            Figures.figure("w4.heap_per_activation." + e.getKey(), e.getValue() / (double) actors,
                    String.format("bytes (%.2f instances)", (a[0] - b[0]) / (double) actors));
        }
    }

    /** Calls keys {@code prefix+from…} once each, {@code concurrency} at a time; returns the errors. */
    private static long activate(ClosedLoop loop, ActorClient client, String prefix, int from, int n,
                                 Histogram latency) throws TimeoutException {
        ActorId[] ids = new ActorId[n];
        for (int i = 0; i < n; i++) {
            ids[i] = ActorId.of(TYPE, prefix + (from + i));
        }
        ClosedLoop.Result r = loop.runOnce((key, executor, done) -> client.ask(ids[key], Int64Value.of(key),
                CallOptions.DEFAULT).whenCompleteAsync((reply, error) -> done.accept(error), executor),
                ClosedLoop.Keys.sequential(n), Duration.ofMinutes(10));
        if (latency != null) {
            latency.add(r.latency());
        }
        if (r.errors() > 0) {
            Figures.progress("w4: first error: " + r.firstError());
        }
        return r.errors();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Two collections: the first may leave objects that finalisation or reference processing frees later.
        for (int i = 0; i < 2; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Class name to {instances, bytes}, from the JVM's class histogram (which collects first). */
    private static Map<String, long[]> classHistogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return out;
    }

    /**
     * A session-sized actor that persists nothing: its state is {@value #STATE_BYTES} bytes made at activation, its
     * reply the command.
     */
    static final class IdleSession implements EventSourcedBehavior<Int64Value, Int64Value, BytesValue, Int64Value> {
        @Override
        public Parser<Int64Value> commandParser() {
            return Int64Value.parser();
        }

        @Override
        public Parser<Int64Value> eventParser() {
            return Int64Value.parser();
        }

        @Override
        public Parser<Int64Value> replyParser() {
            return Int64Value.parser();
        }

        @Override
        public BytesValue emptyState(ActorId id) {
            byte[] state = new byte[STATE_BYTES];
            byte[] key = id.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            System.arraycopy(key, 0, state, 0, Math.min(key.length, state.length));
            return BytesValue.of(ByteString.copyFrom(state));
        }

        @Override
        public Effect<Int64Value, BytesValue, Int64Value> handle(BytesValue state, Int64Value command,
                                                                 ActorContext<Int64Value> context) {
            return Effect.reply(command);
        }

        @Override
        public BytesValue apply(BytesValue state, Int64Value event) {
            return state;
        }
    }
}
