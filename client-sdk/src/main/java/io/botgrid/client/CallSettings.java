package io.botgrid.client;

import java.time.Duration;

/**
 * Options of one actor call.
 *
 * @param deadline how long the call may take, retries included; {@code null} for the client's default.
 * @param idempotencyKey the call's key; {@code null} to let the SDK make one (a retry of this call object reuses
 *     it). Give your own to make retries across process restarts safe.
 */
public record CallSettings(Duration deadline, String idempotencyKey) {
    public static final CallSettings DEFAULT = new CallSettings(null, null);

    public CallSettings withDeadline(Duration value) {
        return new CallSettings(value, idempotencyKey);
    }

    public CallSettings withIdempotencyKey(String value) {
        return new CallSettings(deadline, value);
    }
}
