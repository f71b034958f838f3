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
                ClosedLoop.Result baseline = results.remove(IgniteBaseline.NAME);
                results.forEach((name, r) -> Figures.ratios(name + suffix, "vs_ignite_put", r, baseline));
            }
            Figures.progress("stopping the cluster");
        }
    }
}
