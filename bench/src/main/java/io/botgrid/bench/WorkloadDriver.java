package io.botgrid.bench;

import io.botgrid.node.NodeConfig.WalMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs the benchmark workloads W0, W1, W2 and W3 of WORKLOADS.md, and a raw Ignite put baseline on the same cluster
 * as W0/W1, and prints one figure a line, {@code name: value unit}, on standard output (progress and logs on standard
 * error).
 *
 * <p>This class only plans the run from the options ({@link DriverOptions}) and runs each {@link Workload} in its own
 * section: {@link SharedClusterRun} (W0 {@link RoutingWorkload}, W1 {@link EventSourcedWorkload} and the
 * {@link IgniteBaseline} on one cluster, LOG_ONLY and FSYNC WAL), {@link RecoveryWorkload} (W2) and
 * {@link GrpcFrontWorkload} (W3, against {@link GrpcEcho}). The driver always exits: nodes and child processes are
 * stopped in {@code finally} blocks, a shutdown hook kills child processes, a {@link Watchdog} halts the JVM after
 * {@code --timeout}, and {@code main} ends with {@code System.exit}.
 */
@Command(name = "botgrid-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Botgrid benchmark driver: W0 routing, W1 event-sourced (LOG_ONLY and FSYNC WAL), W2 recovery, "
                + "W3 gRPC front (W1 through the client SDK, against a bare gRPC echo), W6a workers, and a raw Ignite put "
                + "baseline. Figures on stdout, one per line: 'name: value unit'.")
public final class WorkloadDriver implements Callable<Integer> {
    /** The logback configuration of the driver and its child nodes: warnings only, on standard error. */
    static final String LOGBACK_CONFIG = "botgrid-bench-logback.xml";

    @Spec
    private CommandSpec spec;

    @Mixin
    private DriverOptions driverOptions;

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
        BenchOptions options = driverOptions.toOptions(spec.commandLine());
        long started = System.nanoTime();
        printHeader(options);
        boolean failed;
        try (RunResources resources = RunResources.create(options.workDir())) {
            Runtime.getRuntime().addShutdownHook(new Thread(resources::kill, "bench-cleanup"));
            Watchdog.start(options.watchdogLimit(), resources);
            BenchContext context = new BenchContext(options, resources);
            for (Workload w : plan(options)) {
                context.section(w.name(), () -> w.run(context));
            }
            failed = context.failed();
        }
        Figures.figure("run.duration", (System.nanoTime() - started) / 1e9, "s");
        return failed ? 1 : 0;
    }

    /** The workloads the options ask for, in the order they run. */
    static List<Workload> plan(BenchOptions o) {
        List<Workload> plan = new ArrayList<>();
        for (Transport transport : o.transports()) {
            if (o.has("w0") || o.has("w1") || o.has("w6a") || o.has("baseline")) {
                List<ClusterWorkload> onCluster = new ArrayList<>();
                if (o.has("w0")) {
                    onCluster.add(new RoutingWorkload());
                }
                if (o.has("w6a")) {
                    onCluster.add(new WorkersWorkload());
                }
                if (o.has("w1")) {
                    onCluster.add(new EventSourcedWorkload());
                }
                if (o.has("baseline")) {
                    onCluster.add(new IgniteBaseline());
                }
                plan.add(new SharedClusterRun(transport, WalMode.LOG_ONLY, onCluster));
            }
            if (o.has("w1fsync")) {
                List<ClusterWorkload> onCluster = new ArrayList<>(List.of(new EventSourcedWorkload()));
                if (o.has("baseline")) {
                    onCluster.add(new IgniteBaseline());
                }
                plan.add(new SharedClusterRun(transport, WalMode.FSYNC, onCluster));
            }
        }
        if (o.has("w2")) {
            plan.add(new RecoveryWorkload(o.transports().get(0)));
        }
        if (o.has("w3")) {
            plan.add(new GrpcFrontWorkload());
        }
        return plan;
    }

    private static void printHeader(BenchOptions o) {
        Figures.machine();
        Figures.line("nodes", "2 (w0, w1, w1_fsync, baseline: node 1 in the driver JVM, node 2 in a child JVM, "
                + "127.0.0.1), 1 (w2), 2 (w3: both in child JVMs, the driver JVM is the gRPC client)");
        Figures.line("transport", String.join(",", o.transports().stream()
                .map(t -> t.name().toLowerCase(Locale.ROOT)).toList()));
        Figures.line("workloads", String.join(",", o.workloads()));
        Figures.figure("warmup", o.warmup().toMillis() / 1e3, "s");
        Figures.figure("measure", o.measure().toMillis() / 1e3, "s");
        Figures.count("keys", o.keys(), "actors");
        Figures.count("concurrency", o.concurrency(), "requests");
        Figures.count("event_size", o.eventBytes(), "bytes");
        Figures.line("journal_max_in_flight", o.journalMaxInFlight() > 0 ? String.valueOf(o.journalMaxInFlight())
                : "node default");
        if (o.has("w3")) {
            Figures.line("grpc_executors", "servers directExecutor(); clients a fixed pool of "
                    + o.grpcClientThreads() + " thread(s) as channel executor; Netty event loops default");
        }
    }
}
