package io.botgrid.bench;

import io.botgrid.node.NodeConfig.WalMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fresh 2-node cluster (node 1 in this JVM, node 2 a child JVM) with one transport and WAL mode, on which W0, W1
 * and the raw Ignite baseline run one after the other; then each actor workload's ratios to the baseline
 * ({@code .vs_ignite_put.ratio}, {@code .p99_ratio}). Figure names get {@code _fsync} for an FSYNC WAL and
 * {@code _compute} for the compute transport.
 */
final class SharedClusterRun implements Workload {
    private final Transport transport;
    private final WalMode wal;
    private final List<ClusterWorkload> workloads;

    SharedClusterRun(Transport transport, WalMode wal, List<ClusterWorkload> workloads) {
        this.transport = transport;
        this.wal = wal;
        this.workloads = List.copyOf(workloads);
    }

    @Override
    public String name() {
        return "cluster " + transport + "/" + wal;
    }

    @Override
    public void run(BenchContext context) throws Exception {
        if (wal == WalMode.LOG_ONLY && context.options().tracingCost()) {
            runTracingCost(context);
            return;
        }
        boolean compute = transport == Transport.COMPUTE;
        String suffix = (wal == WalMode.FSYNC ? "_fsync" : "") + (compute ? "_compute" : "");
        String label = "c" + (compute ? "c" : "m") + (wal == WalMode.FSYNC ? "f" : "l");
        Figures.line("# cluster", "2 nodes, transport " + transport.name().toLowerCase(Locale.ROOT) + ", WAL " + wal);
        Figures.progress("starting a 2-node cluster: transport " + transport + ", WAL " + wal);
        try (BenchCluster cluster = BenchCluster.start(context, label, 2, wal, transport)) {
            for (ClusterWorkload w : workloads) {
                w.prepare(cluster);
            }
            try (ClosedLoop loop = new ClosedLoop(label, context.options().concurrency())) {
                Map<String, ClosedLoop.Result> results = new LinkedHashMap<>();
                for (ClusterWorkload w : workloads) {
                    results.put(w.name(), w.run(context, cluster, loop, w.name() + suffix));
                }
                if (results.containsKey("w0") && results.containsKey("w6a")) {
                    Figures.ratios("w6a.chain" + suffix, "vs_w0", results.get("w6a"), results.get("w0"));
                }
                results.forEach((name, r) -> context.keep(name + suffix, r));
                ClosedLoop.Result baseline = results.remove(IgniteBaseline.NAME);
                results.forEach((name, r) -> Figures.ratios(name + suffix, "vs_ignite_put", r, baseline));
            }
            Figures.progress("stopping the cluster");
        }
    }

    /**
     * The tracing-cost run: W0 and W1 (no baseline) once per tracing mode, each on a fresh cluster whose node 1 (in
     * this JVM, where every call starts and about half are served) records spans into the mode's SDK; node 2 (a child
     * JVM) runs untraced. Prints each mode's figures with its suffix, the spans exported, and the throughput ratio of
     * each traced mode to the first (off).
     */
    private void runTracingCost(BenchContext context) throws Exception {
        boolean compute = transport == Transport.COMPUTE;
        String suffix = compute ? "_compute" : "";
        Figures.line("# tracing cost", "2 nodes, transport " + transport.name().toLowerCase(Locale.ROOT)
                + ", WAL LOG_ONLY; spans recorded on node 1 (driver JVM) into an in-process exporter, node 2 untraced");
        Map<String, ClosedLoop.Result> results = new LinkedHashMap<>();
        for (TracingMode mode : context.options().tracing()) {
            String label = "t" + (compute ? "c" : "m") + (mode.isOff() ? "off" : (long) (mode.percent() * 100));
            Figures.progress("starting a 2-node cluster, tracing " + mode.suffix().substring(7));
            try (TracingMode.Sdk sdk = mode.start();
                 BenchCluster cluster = BenchCluster.start(context, label, 2, WalMode.LOG_ONLY, transport,
                         sdk.api())) {
                List<ClusterWorkload> actors = workloads.stream()
                        .filter(w -> !w.name().equals(IgniteBaseline.NAME)).toList();
                for (ClusterWorkload w : actors) {
                    w.prepare(cluster);
                }
                try (ClosedLoop loop = new ClosedLoop(label, context.options().concurrency())) {
                    for (ClusterWorkload w : actors) {
                        String name = w.name() + suffix + mode.suffix();
                        results.put(name, w.run(context, cluster, loop, name));
                    }
                }
                sdk.finish(); // flushes, so the count is complete
                if (!mode.isOff()) {
                    Figures.count("tracing" + suffix + "." + mode.suffix().substring(7) + ".spans_exported",
                            sdk.exporter().spans.get(), "spans");
                }
                Figures.progress("stopping the cluster");
            }
        }
        // Ratios at the end, so that off may run in any position (to see how much the order itself weighs).
        for (TracingMode mode : context.options().tracing()) {
            for (ClusterWorkload w : workloads) {
                ClosedLoop.Result off = results.get(w.name() + suffix + TracingMode.OFF.suffix());
                ClosedLoop.Result r = results.get(w.name() + suffix + mode.suffix());
                if (!mode.isOff() && off != null && r != null && off.ok() > 0 && r.ok() > 0) {
                    Figures.figure(w.name() + suffix + mode.suffix() + ".vs_trace_off.ratio",
                            r.throughput() / off.throughput(), "");
                }
            }
        }
    }
}
