package io.botgrid.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-type runtime settings. Immutable; derive variants with the {@code withX} methods.
 *
 * @param passivationIdle an activation idle this long is passivated. Defaults to 2 minutes.
 * @param snapshotEvery write a snapshot after this many events; 0 disables snapshots. Defaults to 1,000.
 * @param idempotencyWindow how long a call's idempotency key is remembered. Defaults to 10 minutes.
 * @param idempotencyMaxKeys at most this many keys are remembered per actor (oldest forgotten first). Defaults to
 *     256.
 * @param apiExposure whether and to which roles the generic actor API of the gRPC front may reach the type.
 *     Defaults to {@link ApiExposure#DEFAULT} (clients and admins); platform types are {@link ApiExposure#INTERNAL}.
 */
public record ActorSettings(Duration passivationIdle, int snapshotEvery, Duration idempotencyWindow,
                            int idempotencyMaxKeys, ApiExposure apiExposure) {

    /** The defaults listed above. */
    public static final ActorSettings DEFAULT =
            new ActorSettings(Duration.ofMinutes(2), 1_000, Duration.ofMinutes(10), 256, ApiExposure.DEFAULT);

    /** Validates every field. */
    public ActorSettings {
        Objects.requireNonNull(passivationIdle, "passivationIdle");
        Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
        Objects.requireNonNull(apiExposure, "apiExposure");
        if (passivationIdle.isNegative() || passivationIdle.isZero()) {
            throw new IllegalArgumentException("passivationIdle must be positive, got " + passivationIdle);
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshotEvery must be >= 0, got " + snapshotEvery);
        }
        if (idempotencyWindow.isNegative()) {
            throw new IllegalArgumentException("idempotencyWindow must not be negative, got " + idempotencyWindow);
        }
        if (idempotencyMaxKeys < 1) {
            throw new IllegalArgumentException("idempotencyMaxKeys must be >= 1, got " + idempotencyMaxKeys);
        }
    }

    public ActorSettings withPassivationIdle(Duration value) {
        return new ActorSettings(value, snapshotEvery, idempotencyWindow, idempotencyMaxKeys, apiExposure);
    }

    public ActorSettings withSnapshotEvery(int value) {
        return new ActorSettings(passivationIdle, value, idempotencyWindow, idempotencyMaxKeys, apiExposure);
    }

    public ActorSettings withIdempotencyWindow(Duration value) {
        return new ActorSettings(passivationIdle, snapshotEvery, value, idempotencyMaxKeys, apiExposure);
    }

    public ActorSettings withIdempotencyMaxKeys(int value) {
        return new ActorSettings(passivationIdle, snapshotEvery, idempotencyWindow, value, apiExposure);
    }

    public ActorSettings withApiExposure(ApiExposure value) {
        return new ActorSettings(passivationIdle, snapshotEvery, idempotencyWindow, idempotencyMaxKeys, value);
    }
}
