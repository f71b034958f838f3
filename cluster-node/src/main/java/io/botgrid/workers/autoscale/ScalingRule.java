package io.botgrid.workers.autoscale;

import io.botgrid.workers.AutoscalePolicy;
import java.util.Locale;
import java.util.Optional;

/**
 * The autoscaler's rule for one stage, a pure function of the policy, the stage's signals and its memory (when it
 * last changed, since when it has been under its targets), so that tests drive it with any clock.
 *
 * <ul>
 *   <li><b>Up</b> when over a target (backlog above {@code targetBacklog}, or mean latency above
 *       {@code targetLatency}): to the count the load needs — {@code ceil(demand × handling time)}, where demand is
 *       the throughput plus the backlog's growth plus the excess backlog drained over one cool-down — at least one
 *       more, at most {@code maxStep} more, at most {@code max}. Not within {@code cooldown} of the last change.</li>
 *   <li><b>Down</b> when under both targets by the hysteresis (backlog at most {@code targetBacklog × (1 − h)},
 *       latency at most {@code targetLatency × (1 − h)}) and the throughput would keep fewer instances busy at most
 *       {@code (1 − h)} of their time; only after that held for {@code scaleDownAfter}, not within {@code cooldown}
 *       of the last change, by at most {@code maxStep}, never under {@code min}.</li>
 *   <li>Between the two (the hysteresis band) nothing moves: that, the cool-down and the utilisation bound of the
 *       way down are what keep a steady load from flapping.</li>
 * </ul>
 */
public final class ScalingRule {
    /** What the rule remembers of a stage between ticks. */
    public static final class Memory {
        long lastChangeNanos;
        boolean changed;
        long underSinceNanos;
        boolean under;
        long lastHandlingNanos;
        boolean holding;

        /** Records a change made at {@code nowNanos} outside the rule (none today); for tests. */
        public void changedAt(long nowNanos) {
            lastChangeNanos = nowNanos;
            changed = true;
        }
    }

    /** A change or hold to report. */
    public record Result(ScalingDecision.Action action, int to, int needed, String reason) {
    }

    private ScalingRule() {
    }

    /**
     * @param nowNanos the ticker's time of this tick
     * @return the decision, or empty when there is nothing to do or say
     */
    public static Optional<Result> decide(AutoscalePolicy p, int min, int max, int current, StageSignals s,
                                          Memory m, long nowNanos) {
        long handling = s.meanHandlingNanos() > 0 ? s.meanHandlingNanos() : m.lastHandlingNanos;
        if (s.meanHandlingNanos() > 0) {
            m.lastHandlingNanos = s.meanHandlingNanos();
        }
        double handlingSeconds = handling / 1e9;
        double drainSeconds = Math.max(p.cooldown().toNanos() / 1e9, 1);
        double demand = s.demandPerSecond(p.targetBacklog(), drainSeconds);
        int needed = (int) Math.min(Integer.MAX_VALUE, Math.ceil(demand * handlingSeconds - 1e-9));
        long targetLatency = p.targetLatency().toNanos();
        boolean backlogOver = s.backlog() > p.targetBacklog();
        boolean latencyOver = targetLatency > 0 && s.spans() > 0 && s.meanLatencyNanos() > targetLatency;
        boolean coolingDown = m.changed && nowNanos - m.lastChangeNanos < p.cooldown().toNanos();
        if (backlogOver || latencyOver) {
            m.under = false;
            String why = backlogOver ? "backlog " + s.backlog() + " > target " + p.targetBacklog()
                    : String.format(Locale.ROOT, "latency %.1f ms > target %d ms", s.meanLatencyNanos() / 1e6,
                    p.targetLatency().toMillis());
            if (current >= max) {
                if (m.holding) {
                    return Optional.empty();
                }
                m.holding = true;
                return Optional.of(new Result(ScalingDecision.Action.HOLD, current, needed,
                        why + "; at maxInstances " + max));
            }
            if (coolingDown) {
                return Optional.empty();
            }
            int to = Math.min(max, Math.min(current + p.maxStep(), Math.max(current + 1, needed)));
            m.changedAt(nowNanos);
            m.holding = false;
            return Optional.of(new Result(ScalingDecision.Action.UP, to, needed, why
                    + String.format(Locale.ROOT, "; demand %.1f/s x handling %.1f ms needs %d", demand,
                    handlingSeconds * 1e3, needed)));
        }
        m.holding = false;
        double low = 1 - p.hysteresis();
        boolean backlogUnder = s.backlog() <= p.targetBacklog() * low;
        boolean latencyUnder = targetLatency == 0 || s.spans() == 0 || s.meanLatencyNanos() <= targetLatency * low;
        // the fewest instances that carry the throughput at most (1 - h) of their time
        int carry = (int) Math.min(Integer.MAX_VALUE,
                Math.ceil(s.throughputPerSecond() * handlingSeconds / Math.max(low, 1e-3) - 1e-9));
        int downTo = Math.max(min, Math.max(carry, current - p.maxStep()));
        if (!backlogUnder || !latencyUnder || downTo >= current) {
            m.under = false;
            return Optional.empty();
        }
        if (!m.under) {
            m.under = true;
            m.underSinceNanos = nowNanos;
        }
        long underFor = nowNanos - m.underSinceNanos;
        if (underFor < p.scaleDownAfter().toNanos() || coolingDown) {
            return Optional.empty();
        }
        m.changedAt(nowNanos);
        return Optional.of(new Result(ScalingDecision.Action.DOWN, downTo, Math.max(min, carry), String.format(
                Locale.ROOT, "under targets for %d ms (backlog %d <= %.0f); throughput %.1f/s x handling %.1f ms "
                        + "keeps %d busy at most %.0f %%", underFor / 1_000_000, s.backlog(), p.targetBacklog() * low,
                s.throughputPerSecond(), handlingSeconds * 1e3, Math.max(min, carry), low * 100)));
    }
}
