package io.botgrid.bots.handlers;

/** A bot names a handler this node does not have (neither built in nor in a plugin). */
public final class UnknownHandlerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownHandlerException(String message) {
        super(message);
    }
}
