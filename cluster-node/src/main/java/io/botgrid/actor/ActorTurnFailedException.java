package io.botgrid.actor;

/**
 * The actor's handler (or event handler) threw while processing the command. Nothing was persisted; the actor's state is as of its last persisted event.
 */
public final class ActorTurnFailedException extends ActorException {
    private static final long serialVersionUID = 1L;

    public ActorTurnFailedException(String message) {
        super(message);
    }

    public ActorTurnFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.TURN_FAILED;
    }
}
