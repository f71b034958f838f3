package io.botgrid.actor;

import java.util.Objects;

/**
 * The behaviour refused the command on purpose (a business rule, {@link Effect#reject}). Nothing was persisted and
 * no side effect ran. {@link #rejectionCode()} says why in terms a caller acts on (the gRPC front answers with the
 * status of the same name); {@link #reason()} is the behaviour's own words, without the actor's id around them.
 */
public final class CommandRejectedException extends ActorException {
    private static final long serialVersionUID = 1L;

    private final RejectionCode rejectionCode;
    private final String reason;

    /** A rejection with the default code {@link RejectionCode#FAILED_PRECONDITION}. */
    public CommandRejectedException(String message) {
        this(RejectionCode.FAILED_PRECONDITION, message, message);
    }

    public CommandRejectedException(String message, Throwable cause) {
        super(message, cause);
        this.rejectionCode = RejectionCode.FAILED_PRECONDITION;
        this.reason = message;
    }

    /**
     * @param rejectionCode why, for the caller
     * @param reason        the behaviour's words
     * @param message       the full message, usually naming the actor as well
     */
    public CommandRejectedException(RejectionCode rejectionCode, String reason, String message) {
        super(message);
        this.rejectionCode = Objects.requireNonNull(rejectionCode, "rejectionCode");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectionCode rejectionCode() {
        return rejectionCode;
    }

    /** The reason the behaviour gave, as it gave it. */
    public String reason() {
        return reason;
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.COMMAND_REJECTED;
    }
}
