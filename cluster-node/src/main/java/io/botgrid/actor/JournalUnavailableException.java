package io.botgrid.actor;

/**
 * The actor's journal cannot be read or written: its partition lost every copy, or the storage failed. Nothing new was acknowledged.
 */
public final class JournalUnavailableException extends ActorException {
    private static final long serialVersionUID = 1L;

    public JournalUnavailableException(String message) {
        super(message);
    }

    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.JOURNAL_UNAVAILABLE;
    }
}
