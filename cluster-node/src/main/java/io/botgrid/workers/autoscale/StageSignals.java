package io.botgrid.workers.autoscale;

/**
 * What the autoscaler saw of one stage in one tick: the inputs of its decision, kept with it.
 *
 * @param instances instances running now
 * @param backlog items queued now
 * @param backlogGrowthPerSecond change of the backlog since the last tick, per second (negative when draining)
 * @param throughputPerSecond items handled per second since the last tick
 * @param meanHandlingNanos mean handling time of the items whose spans ended since the last tick (or the last known
 *        mean when none did); 0 when never measured
 * @param meanLatencyNanos mean queue wait + handling of those items; 0 when none
 * @param spans stage spans seen since the last tick
 */
public record StageSignals(int instances, int backlog, double backlogGrowthPerSecond, double throughputPerSecond,
                           long meanHandlingNanos, long meanLatencyNanos, long spans) {
    /**
     * Items per second the stage is asked to carry: what it handled, what piled up on top, and the excess backlog
     * over the target spread over {@code drainSeconds}.
     */
    public double demandPerSecond(int targetBacklog, double drainSeconds) {
        return throughputPerSecond + Math.max(0, backlogGrowthPerSecond)
                + Math.max(0, backlog - targetBacklog) / Math.max(drainSeconds, 1e-3);
    }
}
