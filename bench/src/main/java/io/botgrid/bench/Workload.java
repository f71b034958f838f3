package io.botgrid.bench;

/**
 * One part of a benchmark run that starts what it measures (a cluster, an echo server), measures it, prints its
 * figures and stops it again. The driver runs each in its own {@link BenchContext#section}, so a failing part is
 * reported and the next still runs.
 */
interface Workload {
    /** What the part is called in progress and failure messages, e.g. {@code cluster MESSAGING/LOG_ONLY}. */
    String name();

    void run(BenchContext context) throws Exception;
}
