package io.botgrid.actor;

/**
 * No behaviour is registered for the actor type on this cluster.
 */
public final class UnknownActorTypeException extends ActorException {
    private static final long serialVersionUID = 1L;

    public UnknownActorTypeException(String message) {
        super(message);
    }

    public UnknownActorTypeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.UNKNOWN_ACTOR_TYPE;
    }
}
