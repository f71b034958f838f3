package io.botgrid.workers.autoscale;

import java.time.Instant;
import java.util.Locale;

/**
 * One decision of the autoscaler for a chain stage, with its inputs and reason: what the status API lists, the event
 * {@code autoscaler.decision} carries, and the log line says.
 *
 * @param from instances before
 * @param to instances after (equal to {@code from} for {@link Action#HOLD})
 * @param needed the count the measured load needs by the rule (throughput × handling time)
 * @param reason why, in words: which target was exceeded or undershot, by how much
 */
public record ScalingDecision(String chain, String stage, Instant at, Action action, int from, int to, int needed,
                              String reason, StageSignals signals) {
    /** What the autoscaler did. */
    public enum Action {
        /** Added instances. */
        UP,
        /** Removed instances. */
        DOWN,
        /** Over its targets but could not add (at max): said once until it changes. */
        HOLD;

        /** The lower-case name used in metrics, events and the API. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One line with every input: the log line and the CLI's view. */
    public String describe() {
        return String.format(Locale.ROOT, "%s/%s %s %d -> %d (needed %d): %s [backlog %d, growth %.1f/s, "
                        + "throughput %.1f/s, latency %.1f ms, handling %.1f ms, spans %d]", chain, stage,
                action.label(), from, to, needed, reason, signals.backlog(), signals.backlogGrowthPerSecond(),
                signals.throughputPerSecond(), signals.meanLatencyNanos() / 1e6, signals.meanHandlingNanos() / 1e6,
                signals.spans());
    }
}
