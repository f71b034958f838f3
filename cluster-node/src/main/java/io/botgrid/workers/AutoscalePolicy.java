package io.botgrid.workers;

import java.time.Duration;
import java.util.Objects;

/**
 * How the autoscaler moves a chain stage's instance count between its {@code minInstances} and {@code maxInstances}.
 * Part of the stage in the chain spec, so it is declared, stored and changed like the rest of the spec (YAML, gRPC,
 * SDK, CLI).
 *
 * <p>The stage is <em>over</em> its targets when its backlog (items queued, not counting those being handled) is
 * above {@code targetBacklog} or its latency (mean queue wait plus handling, from its spans) is above
 * {@code targetLatency}; it scales up then, towards the count its load needs. It is <em>under</em> them when both are
 * below {@code (1 - hysteresis)} times the targets and fewer instances would carry the measured throughput; it scales
 * down only once that has held for {@code scaleDownAfter}. The band between the two is the hysteresis: the count does
 * not move there. After any change the stage waits {@code cooldown} before the next, and one change moves at most
 * {@code maxStep} instances.
 *
 * @param targetBacklog items the stage may hold queued before it scales up; at least 1
 * @param targetLatency mean wait + handling per item above which it scales up; {@link Duration#ZERO}: backlog only
 * @param cooldown the least time between two changes of the stage; not negative
 * @param maxStep the most instances one change adds or removes; at least 1
 * @param hysteresis in [0, 1): how far under the targets the stage must be to scale down
 * @param scaleDownAfter how long the stage must stay under its targets before it scales down; not negative
 */
public record AutoscalePolicy(int targetBacklog, Duration targetLatency, Duration cooldown, int maxStep,
                              double hysteresis, Duration scaleDownAfter) {
    /** Backlog 10, no latency target, cool-down 10 s, step 2, hysteresis 0.5, scale down after 30 s. */
    public static final AutoscalePolicy DEFAULT = new AutoscalePolicy(10, Duration.ZERO, Duration.ofSeconds(10), 2,
            0.5, Duration.ofSeconds(30));

    public AutoscalePolicy {
        Objects.requireNonNull(targetLatency, "targetLatency");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(scaleDownAfter, "scaleDownAfter");
        check("targetBacklog", targetBacklog >= 1, "must be at least 1, got " + targetBacklog);
        check("targetLatency", !targetLatency.isNegative(), "must not be negative, got " + targetLatency.toMillis()
                + " ms");
        check("cooldown", !cooldown.isNegative(), "must not be negative, got " + cooldown.toMillis() + " ms");
        check("maxStep", maxStep >= 1, "must be at least 1, got " + maxStep);
        check("hysteresis", hysteresis >= 0 && hysteresis < 1, "must be in [0, 1), got " + hysteresis);
        check("scaleDownAfter", !scaleDownAfter.isNegative(), "must not be negative, got "
                + scaleDownAfter.toMillis() + " ms");
    }

    private static void check(String field, boolean ok, String reason) {
        if (!ok) {
            throw new InvalidWorkerSpecException("autoscale." + field, reason);
        }
    }

    public AutoscalePolicy withTargetBacklog(int items) {
        return new AutoscalePolicy(items, targetLatency, cooldown, maxStep, hysteresis, scaleDownAfter);
    }

    public AutoscalePolicy withTargetLatency(Duration latency) {
        return new AutoscalePolicy(targetBacklog, latency, cooldown, maxStep, hysteresis, scaleDownAfter);
    }

    public AutoscalePolicy withCooldown(Duration d) {
        return new AutoscalePolicy(targetBacklog, targetLatency, d, maxStep, hysteresis, scaleDownAfter);
    }

    public AutoscalePolicy withMaxStep(int step) {
        return new AutoscalePolicy(targetBacklog, targetLatency, cooldown, step, hysteresis, scaleDownAfter);
    }

    public AutoscalePolicy withHysteresis(double h) {
        return new AutoscalePolicy(targetBacklog, targetLatency, cooldown, maxStep, h, scaleDownAfter);
    }

    public AutoscalePolicy withScaleDownAfter(Duration d) {
        return new AutoscalePolicy(targetBacklog, targetLatency, cooldown, maxStep, hysteresis, d);
    }
}
