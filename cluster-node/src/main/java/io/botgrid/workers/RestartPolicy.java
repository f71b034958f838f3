package io.botgrid.workers;

import java.time.Duration;
import java.util.Objects;

/**
 * How a spec's supervisor answers the end of its workers, as in Erlang/OTP: which ends lead to a restart
 * ({@link Strategy}), how many restarts are allowed in a sliding window (the <em>intensity</em>; one more marks the
 * spec failed, with the reason in its status and a {@link WorkerEvent.Failed} event), and how long to wait before each
 * restart (exponential backoff from {@code backoffMin}, doubling per consecutive restart, capped at
 * {@code backoffMax}).
 *
 * @param strategy which ends are restarted
 * @param maxRestarts restarts allowed within {@code within}; 0 means the first restartable end fails the spec
 * @param within the sliding window of the intensity; must be positive (a restart intensity "0 in 0 s" is refused)
 * @param backoffMin delay before the first restart of a series (0 allowed: restart at once)
 * @param backoffMax the cap of the doubling delay; at least {@code backoffMin}
 */
public record RestartPolicy(Strategy strategy, int maxRestarts, Duration within, Duration backoffMin,
                            Duration backoffMax) {
    /** Which ends of a worker (or of one worker of a group or chain) lead to a restart. */
    public enum Strategy {
        /** Always restart, after a crash or a normal stop. */
        PERMANENT,
        /** Restart after a crash, not after a normal stop. */
        TRANSIENT,
        /** Never restart: after a crash the spec is failed, after a normal stop it is stopped. */
        TEMPORARY
    }

    /** Permanent, 3 restarts in 5 s, backoff 100 ms doubling up to 5 s. */
    public static final RestartPolicy DEFAULT = new RestartPolicy(Strategy.PERMANENT, 3, Duration.ofSeconds(5),
            Duration.ofMillis(100), Duration.ofSeconds(5));

    public RestartPolicy {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(within, "within");
        Objects.requireNonNull(backoffMin, "backoffMin");
        Objects.requireNonNull(backoffMax, "backoffMax");
        if (maxRestarts < 0) {
            throw new InvalidWorkerSpecException("restart.maxRestarts", "must be 0 or more, got " + maxRestarts);
        }
        if (within.isNegative() || within.isZero()) {
            throw new InvalidWorkerSpecException("restart.within", "a restart intensity of " + maxRestarts + " in "
                    + within.toMillis() + " ms has no window: the period must be positive (use strategy temporary "
                    + "for a worker that is never restarted)");
        }
        if (backoffMin.isNegative()) {
            throw new InvalidWorkerSpecException("restart.backoffMin", "must not be negative, got " + backoffMin);
        }
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new InvalidWorkerSpecException("restart.backoffMax",
                    "must be at least backoffMin (" + backoffMin.toMillis() + " ms), got " + backoffMax.toMillis() + " ms");
        }
    }

    /** The default policy with another strategy. */
    public static RestartPolicy of(Strategy strategy) {
        return DEFAULT.withStrategy(strategy);
    }

    public RestartPolicy withStrategy(Strategy s) {
        return new RestartPolicy(s, maxRestarts, within, backoffMin, backoffMax);
    }

    /** Another intensity: at most {@code max} restarts within {@code window}. */
    public RestartPolicy withIntensity(int max, Duration window) {
        return new RestartPolicy(strategy, max, window, backoffMin, backoffMax);
    }

    public RestartPolicy withBackoff(Duration min, Duration max) {
        return new RestartPolicy(strategy, maxRestarts, within, min, max);
    }

    /** Whether an end of this kind is restarted ({@code crashed}: by an exception; otherwise a normal stop). */
    public boolean restarts(boolean crashed) {
        return switch (strategy) {
            case PERMANENT -> true;
            case TRANSIENT -> crashed;
            case TEMPORARY -> false;
        };
    }

    /** The delay before the restart that follows {@code consecutive} earlier restarts (0-based), capped. */
    public Duration backoff(int consecutive) {
        long min = backoffMin.toNanos();
        long max = backoffMax.toNanos();
        long d = min;
        for (int i = 0; i < consecutive && d < max; i++) {
            d = d == 0 ? 0 : Math.min(max, d > Long.MAX_VALUE / 2 ? max : d * 2);
        }
        return Duration.ofNanos(Math.min(d, max));
    }
}
