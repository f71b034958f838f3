package io.botgrid.actor;

/**
 * A journal record, or the event in it, does not parse: the stored data is not what the reader expects. Not a
 * failure of a call (hence not an {@link ActorException}) and not retryable: reading it again gives the same bytes.
 */
public final class UnreadableEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
