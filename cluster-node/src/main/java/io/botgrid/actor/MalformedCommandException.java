package io.botgrid.actor;

/**
 * The command bytes do not parse as the actor type's command message.
 */
public final class MalformedCommandException extends ActorException {
    private static final long serialVersionUID = 1L;

    public MalformedCommandException(String message) {
        super(message);
    }

    public MalformedCommandException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.MALFORMED_COMMAND;
    }
}
