package io.botgrid.ratelimit;

import io.botgrid.ratelimit.internal.TokenBuckets;
import java.time.Clock;

/**
 * Makes the {@link RateLimiter} of a configuration.
 *
 * <p>Why a class of its own and not a factory on the interface: the token buckets implement the interface, so a
 * factory there would tie the public interface and its implementation in a circle.
 */
public final class RateLimiters {
    private RateLimiters() {
    }

    /** The limits of {@code config}, on buckets measured by {@code clock}; {@link RateLimiter#unlimited()} if none. */
    public static RateLimiter of(RateLimitConfig config, Clock clock) {
        return config.any() ? new TokenBuckets(config, clock) : RateLimiter.unlimited();
    }
}
