package io.botgrid.bench;

/**
 * A workload measured on a cluster it shares with the others of a {@link SharedClusterRun} (W0, W1, the raw Ignite
 * baseline): two nodes, node 1 in this JVM and called through directly, one driver loop. Sharing the cluster is what
 * makes the actor-to-baseline ratios meaningful: same nodes, same disks, same run.
 */
interface ClusterWorkload {
    /** The workload's figure name before the cluster's suffix ({@code _fsync}, {@code _compute}): w0, w1, baseline. */
    String name();

    /** Runs before any workload on the cluster starts (the baseline creates its cache here). */
    default void prepare(BenchCluster cluster) throws Exception {
    }

    /** Measures, prints the figures under {@code figureName} and returns the measured phase. */
    ClosedLoop.Result run(BenchContext context, BenchCluster cluster, ClosedLoop loop, String figureName)
            throws Exception;
}
