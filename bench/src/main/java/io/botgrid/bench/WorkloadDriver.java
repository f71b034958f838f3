package io.botgrid.bench;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.internal.RuntimeSettings.TransportKind;
import io.botgrid.actor.internal.Stores;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig.WalMode;
import io.botgrid.proto.v1.SnapshotRecord;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the benchmark workloads W0, W1, W2 and W3 of WORKLOADS.md, and a raw Ignite put baseline on the same cluster
 * as W0/W1, and prints one figure a line, {@code name: value unit}, on standard output (progress and logs on standard
 * error).
 *
 * <p>Each cluster is fresh (own data folders under a temporary folder, own free port range on 127.0.0.1): for W0, W1
 * and the baseline node 1 runs in this JVM and the driver calls through it; node 2 is a child JVM. W1 is also run on a
 * cluster whose WAL is in FSYNC mode. For W3 both nodes are child JVMs and this JVM is their gRPC client, then the
 * client of a bare gRPC echo server in another child JVM ({@link GrpcFrontBench}). The driver always exits: nodes and child processes are stopped in {@code finally} blocks, a shutdown
 * hook kills child processes, a watchdog halts the JVM after {@code --timeout}, and {@code main} ends with
 * {@code System.exit}.
 */
@Command(name = "botgrid-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Botgrid benchmark driver: W0 routing, W1 event-sourced (LOG_ONLY and FSYNC WAL), W2 recovery, "
                + "W3 gRPC front (W1 through the client SDK, against a bare gRPC echo), and a raw Ignite put "
                + "baseline. Figures on stdout, one per line: 'name: value unit'.")
public final class WorkloadDriver implements Callable<Integer> {
    /** The logback configuration of the driver and its child nodes: warnings only, on standard error. */
    static final String LOGBACK_CONFIG = "botgrid-bench-logback.xml";
    static final String BASELINE_CACHE = "bench-ignite-put";

    private static final Set<String> WORKLOADS = Set.of("w0", "w1", "w1fsync", "w2", "w3", "baseline");
    private static final CallOptions CALL = CallOptions.DEFAULT;

    @Spec
    private CommandSpec spec;

    @Option(names = "--workloads", split = ",", defaultValue = "w0,w1,w1fsync,w2,w3,baseline",
            description = "Workloads to run, of w0, w1, w1fsync, w2, w3, baseline (default: ${DEFAULT-VALUE}).")
    private List<String> workloads;

    @Option(names = "--transport", split = ",", defaultValue = "messaging,compute",
            description = "Remote transports to measure, of messaging, compute; each gets fresh clusters. Figures of "
                    + "compute carry the suffix _compute (default: ${DEFAULT-VALUE}).")
    private List<TransportKind> transports;

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
            description = "Warm-up before each measured phase, e.g. 10s, 500ms (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--measure", defaultValue = "20s", converter = DurationConverter.class,
            description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
    private Duration measure;

    @Option(names = "--keys", defaultValue = "10000", description = "Actor keys (default: ${DEFAULT-VALUE}).")
    private int keys;

    @Option(names = "--concurrency", defaultValue = "64",
            description = "Requests outstanding (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--event-bytes", defaultValue = "100",
            description = "Size of a W1 event and of a baseline value (default: ${DEFAULT-VALUE}).")
    private int eventBytes;

    @Option(names = "--w2-events", defaultValue = "10000",
            description = "Events in the W2 actor's journal (default: ${DEFAULT-VALUE}).")
    private int w2Events;

    @Option(names = "--w2-cycles", defaultValue = "20",
            description = "Measured passivate-and-call cycles per W2 variant (default: ${DEFAULT-VALUE}).")
    private int w2Cycles;

    @Option(names = "--w2-warmup-cycles", defaultValue = "5",
            description = "Unmeasured cycles before them (default: ${DEFAULT-VALUE}).")
    private int w2WarmupCycles;

    @Option(names = "--data-region-mb", defaultValue = "1024",
            description = "Off-heap data region of each node, MiB (default: ${DEFAULT-VALUE}).")
    private int dataRegionMb;

    @Option(names = "--journal-max-in-flight", defaultValue = "0",
            description = "Group-commit journal writes outstanding per node; 0 keeps the node default "
                    + "(default: ${DEFAULT-VALUE}).")
    private int journalMaxInFlight;

    @Option(names = "--node-heap", defaultValue = "2g",
            description = "Heap of each child node JVM (default: ${DEFAULT-VALUE}).")
    private String nodeHeap;

    @Option(names = "--grpc-client-threads", defaultValue = "2",
            description = "W3: threads of the gRPC client's channel executor, for the SDK (its threads(n), whose "
                    + "default is 2) and the echo client alike (default: ${DEFAULT-VALUE}).")
    private int grpcClientThreads;

    @Option(names = "--work-dir", description = "Where the temporary data folders go (default: the system "
            + "temporary folder). They are deleted at the end.")
    private Path workDir;

    @Option(names = "--timeout", converter = DurationConverter.class,
            description = "Halt the run (and kill its node processes) after this long (default: 10 min plus three "
                    + "times the planned warm-up and measured time).")
    private Duration timeout;

    private final List<ChildNode> children = new CopyOnWriteArrayList<>();
    private volatile Path root;
    private boolean failed;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        int code;
        try {
            code = new CommandLine(new WorkloadDriver()).setCaseInsensitiveEnumValuesAllowed(true)
                    .execute(args);
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    @Override
    public Integer call() throws IOException {
        validate();
        long started = System.nanoTime();
        printHeader();
        root = workDir == null ? Files.createTempDirectory("botgrid-bench-")
                : Files.createTempDirectory(Files.createDirectories(workDir), "botgrid-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(this::emergencyCleanup, "bench-cleanup"));
        startWatchdog(timeout != null ? timeout : plannedTimeout());
        try {
            for (TransportKind transport : transports) {
                if (has("w0") || has("w1") || has("baseline")) {
                    section(() -> runCluster(transport, WalMode.LOG_ONLY, has("w0"), has("w1"), has("baseline")),
                            "cluster " + transport + "/LOG_ONLY");
                }
                if (has("w1fsync")) {
                    section(() -> runCluster(transport, WalMode.FSYNC, false, true, has("baseline")),
                            "cluster " + transport + "/FSYNC");
                }
            }
            if (has("w2")) {
                section(() -> runRecovery(transports.get(0)), "w2");
            }
            if (has("w3")) {
                runGrpcFront();
            }
        } finally {
            for (ChildNode c : children) {
                c.close();
            }
            deleteQuietly(root);
        }
        Figures.figure("run.duration", (System.nanoTime() - started) / 1e9, "s");
        return failed ? 1 : 0;
    }

    private interface Section {
        void run() throws Exception;
    }

    /** Runs one part of the benchmark; a failure is reported and the run goes on with the next part. */
    private void section(Section s, String what) {
        try {
            s.run();
        } catch (Exception | AssertionError e) {
            failed = true;
            Figures.progress("FAILED: " + what + ": " + e);
            e.printStackTrace();
        }
    }

    private boolean has(String workload) {
        return workloads.contains(workload);
    }

    private void validate() {
        Set<String> unknown = new LinkedHashSet<>(workloads);
        unknown.removeAll(WORKLOADS);
        if (!unknown.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "unknown workload(s) " + unknown + "; known: "
                    + "w0, w1, w1fsync, w2, w3, baseline");
        }
        if (transports.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--transport needs at least one of messaging, compute");
        }
        if (keys < 1 || concurrency < 1 || eventBytes < 1 || w2Events < 1 || w2Cycles < 1 || w2WarmupCycles < 0
                || journalMaxInFlight < 0 || grpcClientThreads < 1 || warmup.isNegative() || measure.isZero()
                || measure.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--keys, --concurrency, --event-bytes, --w2-events, "
                    + "--w2-cycles, --grpc-client-threads and --measure must be positive; --warmup and "
                    + "--w2-warmup-cycles not negative");
        }
    }

    private void printHeader() {
        Figures.line("jdk", Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")");
        Figures.line("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Figures.line("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        Figures.line("nodes", "2 (w0, w1, w1_fsync, baseline: node 1 in the driver JVM, node 2 in a child JVM, "
                + "127.0.0.1), 1 (w2), 2 (w3: both in child JVMs, the driver JVM is the gRPC client)");
        Figures.line("transport", String.join(",", transports.stream().map(t -> t.name().toLowerCase(Locale.ROOT))
                .toList()));
        Figures.line("workloads", String.join(",", workloads));
        Figures.figure("warmup", warmup.toMillis() / 1e3, "s");
        Figures.figure("measure", measure.toMillis() / 1e3, "s");
        Figures.count("keys", keys, "actors");
        Figures.count("concurrency", concurrency, "requests");
        Figures.count("event_size", eventBytes, "bytes");
        Figures.line("journal_max_in_flight", journalMaxInFlight > 0 ? String.valueOf(journalMaxInFlight)
                : "node default");
        if (has("w3")) {
            Figures.line("grpc_executors", "servers directExecutor(); clients a fixed pool of " + grpcClientThreads
                    + " thread(s) as channel executor; Netty event loops default");
        }
    }

    // ------------------------------------------------------------------------------------------ W0, W1, baseline

    private void runCluster(TransportKind transport, WalMode wal, boolean w0, boolean w1, boolean baseline)
            throws Exception {
        String suffix = (wal == WalMode.FSYNC ? "_fsync" : "") + (transport == TransportKind.COMPUTE ? "_compute" : "");
        String label = "c" + (transport == TransportKind.COMPUTE ? "c" : "m") + (wal == WalMode.FSYNC ? "f" : "l");
        Figures.line("# cluster", "2 nodes, transport " + transport.name().toLowerCase(Locale.ROOT) + ", WAL " + wal);
        Figures.progress("starting a 2-node cluster: transport " + transport + ", WAL " + wal);
        try (BenchCluster cluster = BenchCluster.start(root, label, 2, wal, transport, dataRegionMb, journalMaxInFlight, nodeHeap,
                children::add)) {
            if (baseline) {
                createBaselineCache(cluster.ignite());
                cluster.awaitStable(Duration.ofMinutes(1));
            }
            try (ClosedLoop loop = new ClosedLoop(label, concurrency)) {
                ClosedLoop.Result r0 = null;
                ClosedLoop.Result r1 = null;
                ClosedLoop.Result rb = null;
                if (w0) {
                    r0 = runActors(cluster, loop, "w0" + suffix, BenchTypes.ECHO, false);
                }
                if (w1) {
                    r1 = runActors(cluster, loop, "w1" + suffix, BenchTypes.JOURNAL, true);
                    Figures.count("w1" + suffix + ".journal_entries", cluster.ignite().cache(Stores.JOURNAL)
                            .sizeLong(CachePeekMode.PRIMARY), "events");
                }
                if (baseline) {
                    rb = runBaseline(cluster, loop, "baseline" + suffix);
                }
                if (rb != null && rb.ok() > 0) {
                    ratios("w0" + suffix, r0, rb);
                    ratios("w1" + suffix, r1, rb);
                }
            }
            Figures.progress("stopping the cluster");
        }
    }

    private ClosedLoop.Result runActors(BenchCluster cluster, ClosedLoop loop, String name, String type,
                                        boolean persist) throws TimeoutException {
        ActorClient client = cluster.local().actors();
        ActorId[] ids = new ActorId[keys];
        for (int i = 0; i < keys; i++) {
            ids[i] = ActorId.of(type, "k" + i);
        }
        Message prime;
        Message[] commands;
        if (persist) {
            prime = BytesValue.getDefaultInstance();
            commands = new Message[1024];
            Random random = new Random(7);
            for (int i = 0; i < commands.length; i++) {
                commands[i] = BytesValue.of(BenchTypes.randomBytes(random, eventBytes));
            }
        } else {
            prime = Int64Value.of(0);
            commands = new Message[1024];
            for (int i = 0; i < commands.length; i++) {
                commands[i] = Int64Value.of(i);
            }
        }
        int mask = commands.length - 1;

        Figures.progress(name + ": priming " + keys + " actors");
        ClosedLoop.Result primed = loop.runOnce((key, executor, done) -> client.ask(ids[key], prime, CALL)
                        .whenCompleteAsync((reply, error) -> done.accept(error), executor),
                sequential(keys), Duration.ofMinutes(5));
        Figures.figure(name + ".activation_rate", keys * 1e9 / primed.nanos(), "activations/s");
        Figures.millis(name + ".activation.p50", primed.latency().getValueAtPercentile(50));
        Figures.millis(name + ".activation.p99", primed.latency().getValueAtPercentile(99));
        if (primed.errors() > 0) {
            Figures.count(name + ".activation.errors", primed.errors(), "calls");
            Figures.progress(name + ": first priming error: " + primed.firstError());
        }

        Figures.progress(name + ": warm-up " + warmup.toMillis() + " ms, then measuring " + measure.toMillis() + " ms");
        Probe probe = new Probe(cluster);
        ClosedLoop.Result r = loop.runTimed((key, executor, done) -> client.ask(ids[key], commands[key & mask], CALL)
                        .whenCompleteAsync((reply, error) -> done.accept(error), executor),
                uniform(keys), warmup, measure, probe::start, probe::end);
        report(name, r, probe);
        if (persist) {
            Figures.count(name + ".events_written", r.ok(), "events");
        }
        return r;
    }

    private static void createBaselineCache(Ignite ignite) {
        ignite.getOrCreateCache(new CacheConfiguration<Long, byte[]>(BASELINE_CACHE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(1)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setAffinity(new RendezvousAffinityFunction(false, 256)));
    }

    /** Raw Ignite: putAsync of a new key with a payload of {@code --event-bytes} bytes, as the journal appends. */
    private ClosedLoop.Result runBaseline(BenchCluster cluster, ClosedLoop loop, String name) {
        IgniteCache<Long, byte[]> cache = cluster.ignite().cache(BASELINE_CACHE);
        byte[][] values = new byte[1024][];
        Random random = new Random(11);
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[eventBytes];
            random.nextBytes(values[i]);
        }
        int mask = values.length - 1;
        long[] nextKey = new long[1]; // used on the driver thread only
        Figures.progress(name + ": warm-up " + warmup.toMillis() + " ms, then measuring " + measure.toMillis() + " ms");
        Probe probe = new Probe(cluster);
        ClosedLoop.Result r = loop.runTimed((key, executor, done) -> cache.putAsync(nextKey[0]++, values[key & mask])
                        .listenAsync(f -> {
                            try {
                                f.get();
                                done.accept(null);
                            } catch (RuntimeException e) {
                                done.accept(e);
                            }
                        }, executor),
                uniform(keys), warmup, measure, probe::start, probe::end);
        report(name, r, probe);
        return r;
    }

    private static void report(String name, ClosedLoop.Result r, Probe probe) {
        Figures.figure(name + ".throughput", r.throughput(), "ops/s");
        Figures.latency(name + ".latency", r.latency());
        Figures.count(name + ".completed", r.ok(), "ops");
        Figures.count(name + ".errors", r.errors(), "ops");
        if (r.firstError() != null) {
            Figures.progress(name + ": first error: " + r.firstError());
        }
        double seconds = r.nanos() / 1e9;
        for (int i = 0; i < probe.cpu.length; i++) {
            if (probe.cpu[i] >= 0) {
                Figures.figure(name + ".cpu.node" + (i + 1), probe.cpu[i] / 1e9 / seconds, "cores");
            }
        }
        if (r.driverThreadCpuNanos() >= 0) {
            Figures.figure(name + ".cpu.driver_thread", r.driverThreadCpuNanos() / 1e9 / seconds, "cores");
        }
        Figures.count(name + ".gc.node1", probe.gcMillis, "ms");
        probe.reportJournal(name);
    }

    private static void ratios(String name, ClosedLoop.Result actor, ClosedLoop.Result baseline) {
        if (actor == null || actor.ok() == 0) {
            return;
        }
        Figures.figure(name + ".vs_ignite_put.ratio", actor.throughput() / baseline.throughput(), "");
        Figures.figure(name + ".vs_ignite_put.p99_ratio", (double) actor.latency().getValueAtPercentile(99)
                / baseline.latency().getValueAtPercentile(99), "");
    }

    /** CPU of every node, GC and journal writes of node 1, over the measured phase. */
    private static final class Probe {
        private final BenchCluster cluster;
        private long[] cpu = new long[0];
        private long gcMillis;
        private final double[] batches = new double[2];
        private final double[] writes = new double[2];

        Probe(BenchCluster cluster) {
            this.cluster = cluster;
        }

        void start() {
            cpu = cluster.cpuNanos();
            gcMillis = Jvm.gcMillis();
            journal(-1);
        }

        void end() {
            long[] now = cluster.cpuNanos();
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] = cpu[i] < 0 || now[i] < 0 ? -1 : now[i] - cpu[i];
            }
            gcMillis = Jvm.gcMillis() - gcMillis;
            journal(1);
        }

        /** Adds {@code sign} times node 1's journal histograms (count and sum) to the totals. */
        private void journal(int sign) {
            for (MetricSnapshot m : cluster.local().metrics().registry().scrape()) {
                double[] target = switch (m.getMetadata().getPrometheusName()) {
                    case "botgrid_journal_batch_events" -> batches;
                    case "botgrid_journal_write_seconds" -> writes;
                    default -> null;
                };
                if (target != null && m instanceof HistogramSnapshot h) {
                    for (HistogramSnapshot.HistogramDataPointSnapshot p : h.getDataPoints()) {
                        target[0] += sign * p.getCount();
                        target[1] += sign * p.getSum();
                    }
                }
            }
        }

        /** Group-commit writes of node 1 in the window, their mean size and mean latency; nothing if none. */
        void reportJournal(String name) {
            if (batches[0] <= 0) {
                return;
            }
            Figures.count(name + ".journal.node1.writes", (long) batches[0], "writes");
            Figures.figure(name + ".journal.node1.batch_events.mean", batches[1] / batches[0], "events");
            Figures.figure(name + ".journal.node1.write.mean", writes[1] / writes[0] * 1e3, "ms");
        }
    }

    private static ClosedLoop.Keys sequential(int n) {
        int[] next = new int[1];
        return () -> next[0] < n ? next[0]++ : -1;
    }

    private static ClosedLoop.Keys uniform(int n) {
        SplittableRandom random = new SplittableRandom(1);
        return () -> random.nextInt(n);
    }

    // ------------------------------------------------------------------------------------------ W3

    /**
     * W3 on a fresh 2-node cluster (both nodes in child JVMs) per transport, then the bare gRPC echo once, then the
     * ratios of each W3 to the echo. A failing part is reported and the others still run.
     */
    private void runGrpcFront() {
        GrpcFrontBench bench = new GrpcFrontBench(root, keys, concurrency, eventBytes, warmup, measure, dataRegionMb,
                journalMaxInFlight, nodeHeap, grpcClientThreads, children::add);
        List<String> names = new java.util.ArrayList<>();
        List<ClosedLoop.Result> results = new java.util.ArrayList<>();
        for (TransportKind transport : transports) {
            boolean compute = transport == TransportKind.COMPUTE;
            String name = "w3" + (compute ? "_compute" : "");
            section(() -> {
                Figures.line("# cluster", "2 nodes in child JVMs, transport " + transport.name()
                        .toLowerCase(Locale.ROOT) + ", WAL " + WalMode.LOG_ONLY + "; the driver JVM is the gRPC "
                        + "client (SDK, both endpoints)");
                Figures.progress(name + ": starting a 2-node cluster in child JVMs: transport " + transport);
                ClosedLoop.Result r = bench.runBotgrid(name, compute ? "gc" : "gm", transport);
                names.add(name + "_w0");
                results.add(bench.lastRouting());
                names.add(name);
                results.add(r);
            }, "cluster " + transport + "/gRPC");
        }
        ClosedLoop.Result[] echo = new ClosedLoop.Result[1];
        section(() -> {
            Figures.line("# echo", "bare grpc-java unary echo: server in a child JVM, the driver JVM is the client");
            echo[0] = bench.runEcho("w3_echo");
        }, "w3 echo");
        for (int i = 0; i < names.size(); i++) {
            GrpcFrontBench.ratios(names.get(i), results.get(i), echo[0]);
        }
    }

    // ------------------------------------------------------------------------------------------ W2

    private void runRecovery(TransportKind transport) throws Exception {
        Figures.line("# cluster", "1 node, WAL " + WalMode.LOG_ONLY);
        Figures.progress("w2: starting a 1-node cluster");
        try (BenchCluster cluster = BenchCluster.start(root, "r", 1, WalMode.LOG_ONLY, transport, dataRegionMb,
                journalMaxInFlight, nodeHeap, children::add)) {
            Figures.count("w2.events", w2Events, "events");
            Figures.count("w2.cycles", w2Cycles, "cycles");
            recovery(cluster, "w2.recovery_with_snapshot", BenchTypes.RECOVERY_SNAPSHOT, true);
            recovery(cluster, "w2.recovery_without_snapshot", BenchTypes.RECOVERY_PLAIN, false);
            Figures.progress("stopping the cluster");
        }
    }

    private void recovery(BenchCluster cluster, String name, String type, boolean snapshot) throws Exception {
        BotgridNode node = cluster.local();
        ActorClient client = node.actors();
        ActorId id = ActorId.of(type, "recovery-1");
        Figures.progress(name + ": writing " + w2Events + " events");
        int written = 0;
        while (written < w2Events) {
            int n = Math.min(500, w2Events - written);
            Int64Value reply = client.<Int64Value>ask(id, Int64Value.of(n), CALL).get(60, TimeUnit.SECONDS);
            written += n;
            if (reply.getValue() != written) {
                throw new IllegalStateException(id + " has " + reply.getValue() + " events, expected " + written);
            }
        }
        if (snapshot) {
            long snapshotSeq = awaitSnapshot(cluster.ignite(), id, (w2Events / BenchTypes.SNAPSHOT_EVERY)
                    * (long) BenchTypes.SNAPSHOT_EVERY);
            Figures.count(name + ".snapshot_at", snapshotSeq, "events");
        }
        Figures.progress(name + ": " + (w2WarmupCycles + w2Cycles) + " passivate-and-call cycles");
        double[] millis = new double[w2Cycles];
        for (int i = 0; i < w2WarmupCycles + w2Cycles; i++) {
            if (!node.passivate(id).get(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(id + " was not active before passivation");
            }
            Thread.sleep(50); // the activation's directory entry is released in the background
            if (node.isActive(id)) {
                throw new IllegalStateException(id + " is still active after passivation");
            }
            long start = System.nanoTime();
            Int64Value reply = client.<Int64Value>ask(id, Int64Value.of(0), CALL).get(60, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - start;
            if (reply.getValue() != w2Events) {
                throw new IllegalStateException(id + " recovered " + reply.getValue() + " events, expected "
                        + w2Events);
            }
            if (i >= w2WarmupCycles) {
                millis[i - w2WarmupCycles] = nanos / 1e6;
            }
        }
        Arrays.sort(millis);
        Figures.line(name + ".p50", String.format(Locale.ROOT, "%.3f ms", percentile(millis, 50)));
        Figures.line(name + ".p99", String.format(Locale.ROOT, "%.3f ms", percentile(millis, 99)));
        Figures.line(name + ".min", String.format(Locale.ROOT, "%.3f ms", millis[0]));
        Figures.line(name + ".max", String.format(Locale.ROOT, "%.3f ms", millis[millis.length - 1]));
    }

    /** Waits until the snapshot store holds a snapshot of {@code id} at {@code seq} (snapshots are written async). */
    private static long awaitSnapshot(Ignite ignite, ActorId id, long seq) throws Exception {
        if (seq == 0) {
            return 0;
        }
        IgniteCache<String, byte[]> snapshots = ignite.cache(Stores.SNAPSHOTS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long found = -1;
        while (System.nanoTime() - deadline < 0) {
            byte[] bytes = snapshots.get(id.asString());
            found = bytes == null ? -1 : SnapshotRecord.parseFrom(bytes).getSeq();
            if (found == seq) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no snapshot of " + id + " at #" + seq + " within 30 s (latest: #" + found
                + ")");
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    // ------------------------------------------------------------------------------------------ bounded exit

    private Duration plannedTimeout() {
        int timed = 0;
        for (int t = 0; t < transports.size(); t++) {
            timed += (has("w0") ? 1 : 0) + (has("w1") ? 1 : 0) + (has("baseline") ? 1 : 0)
                    + (has("w1fsync") ? 1 + (has("baseline") ? 1 : 0) : 0) + (has("w3") ? 1 : 0);
        }
        timed += has("w3") ? 1 : 0; // the echo
        return Duration.ofMinutes(10).plus(warmup.plus(measure).multipliedBy(3L * timed));
    }

    private void startWatchdog(Duration limit) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[bench] TIMED OUT after " + limit + ": killing the node processes and halting");
            emergencyCleanup();
            Runtime.getRuntime().halt(3);
        }, "bench-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** Kills every child process and deletes the data; for the shutdown hook and the watchdog. */
    private void emergencyCleanup() {
        for (ChildNode c : children) {
            c.kill();
        }
        Path r = root;
        if (r != null) {
            deleteQuietly(r);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            Figures.progress("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Durations as {@code 10s}, {@code 500ms}, {@code 2m}, a number of seconds, or ISO-8601 ({@code PT10S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min)?");

        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            Matcher m = SIMPLE.matcher(v);
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 10s or 500ms");
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> n;
                case "m", "min" -> n * 60_000;
                default -> n * 1_000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
    }
}
