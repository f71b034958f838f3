package io.botgrid.actor;

/**
 * The behaviour refused the command on purpose (a business rule). Nothing was persisted.
 */
public final class CommandRejectedException extends ActorException {
    private static final long serialVersionUID = 1L;

    public CommandRejectedException(String message) {
        super(message);
    }

    public CommandRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
