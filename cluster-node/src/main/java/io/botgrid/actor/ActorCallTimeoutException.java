package io.botgrid.actor;

/**
 * The call's deadline passed before the actor replied. The command may or may not have taken effect: retry with the same idempotency key to find out safely.
 */
public final class ActorCallTimeoutException extends ActorException {
    private static final long serialVersionUID = 1L;

    public ActorCallTimeoutException(String message) {
        super(message);
    }

    public ActorCallTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.CALL_TIMEOUT;
    }
}
