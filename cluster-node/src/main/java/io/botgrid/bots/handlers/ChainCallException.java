package io.botgrid.bots.handlers;

/**
 * A chain refused or lost a bot's message: not declared, stopped or failed, full, restarting, or a stage crashed
 * while it held the message. The message starts with the workers' status code ({@code FAILED_PRECONDITION: 'c' is
 * stopped: ...}), so what the session records says what happened and whether a retry can help.
 */
public final class ChainCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChainCallException(String message) {
        super(message);
    }

    /** The message alone: the session records a failed handler's cause as text, and the class name adds nothing. */
    @Override
    public String toString() {
        return getMessage();
    }
}
