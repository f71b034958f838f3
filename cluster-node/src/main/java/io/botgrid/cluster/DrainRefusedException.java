package io.botgrid.cluster;

import java.util.Objects;

/**
 * A drain that cannot be done as asked, with the reason a caller can act on. Fronts map the {@link Reason} to their
 * own codes (gRPC: NOT_FOUND, FAILED_PRECONDITION, DEADLINE_EXCEEDED, UNAVAILABLE).
 */
public final class DrainRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a drain was refused or did not finish. */
    public enum Reason {
        /** No such node in the cluster. */
        UNKNOWN_NODE,
        /** Draining now could lose data, or the cluster is not in a state to drain from. */
        UNSAFE,
        /** The node did not leave within the time given; it goes on stopping. */
        TIMED_OUT,
        /** The node's departure could not be observed. */
        NOT_CONFIRMED
    }

    private final Reason reason;

    public DrainRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
