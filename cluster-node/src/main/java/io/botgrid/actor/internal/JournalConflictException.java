package io.botgrid.actor.internal;

/** A journal write found its slot taken: the writing activation is stale and must be discarded. */
final class JournalConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JournalConflictException(String message) {
        super(message, null, false, false);
    }
}
