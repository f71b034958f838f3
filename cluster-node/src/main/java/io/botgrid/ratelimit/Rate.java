package io.botgrid.ratelimit;

/**
 * A sustained rate and a burst: a token bucket of {@code burst} tokens refilled at {@code perSecond} (fractions allowed:
 * {@code 0.5} is one request every two seconds). In YAML: {@code {perSecond: 20, burst: 40}}.
 *
 * @param perSecond requests per second sustained, greater than 0
 * @param burst requests allowed at once after a quiet time, at least 1; null: the rate rounded up
 */
public record Rate(double perSecond, Long burst) {
    /** Checks the values; a missing burst is the rate rounded up. */
    public Rate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a number > 0, got " + perSecond);
        }
        if (burst == null) {
            burst = (long) Math.ceil(perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, got " + burst);
        }
    }

    /** A rate with its burst. */
    public static Rate of(double perSecond, long burst) {
        return new Rate(perSecond, burst);
    }
}
