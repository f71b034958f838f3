package io.botgrid.actor;

/**
 * The actor id is malformed: empty key, bad type name, key too long.
 */
public final class InvalidActorIdException extends ActorException {
    private static final long serialVersionUID = 1L;

    public InvalidActorIdException(String message) {
        super(message);
    }

    public InvalidActorIdException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.INVALID_ACTOR_ID;
    }
}
