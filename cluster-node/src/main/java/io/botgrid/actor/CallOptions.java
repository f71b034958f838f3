package io.botgrid.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of one call to an actor.
 *
 * @param timeout the call fails with {@link ActorCallTimeoutException} if no reply came within it. Defaults to 10 s.
 * @param idempotencyKey if not {@code null}, a second call with the same key to the same actor within the type's
 *     idempotency window returns the first call's reply and persists nothing.
 */
public record CallOptions(Duration timeout, String idempotencyKey) {
    public static final CallOptions DEFAULT = new CallOptions(Duration.ofSeconds(10), null);

    public CallOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new IllegalArgumentException("idempotencyKey must be 1-200 characters");
        }
    }

    public CallOptions withTimeout(Duration value) {
        return new CallOptions(value, idempotencyKey);
    }

    public CallOptions withIdempotencyKey(String value) {
        return new CallOptions(timeout, value);
    }
}
