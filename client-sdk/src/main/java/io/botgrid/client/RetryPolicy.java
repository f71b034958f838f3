package io.botgrid.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the SDK retries calls that fail with UNAVAILABLE (a node died or is stopping): up to {@code maxAttempts} in
 * all, with exponential backoff from {@code initialBackoff} to {@code maxBackoff}, moving to the next endpoint each
 * time. Only UNAVAILABLE is retried, and every actor call carries an idempotency key, so a retry after a lost reply
 * takes effect once.
 *
 * @param maxAttempts attempts in all, at least 1. Default 6.
 * @param initialBackoff first wait. Default 50 ms.
 * @param maxBackoff longest wait. Default 2 s.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(50), Duration.ofSeconds(2));

    /** No retries. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive with maxBackoff >= initialBackoff, got "
                    + initialBackoff + " / " + maxBackoff);
        }
    }

    /** Wait before attempt {@code attempt} (2, 3, ...). */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 2));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
