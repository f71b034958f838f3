package io.botgrid.actor;

/**
 * A read or follow asked for events that journal retention has removed: they were covered by the actor's snapshot
 * and older than the node's {@code journalRetention}. Not a failure of a call (hence not an {@link ActorException})
 * and not retryable from the same position; {@link #firstAvailableSeq()} says where the journal now starts.
 */
public final class EventsRemovedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long firstAvailableSeq;

    public EventsRemovedException(String actor, long fromSeq, long firstAvailableSeq) {
        super("events of " + actor + " before #" + firstAvailableSeq + " were removed by journal retention (asked "
                + "from #" + fromSeq + "); the first event kept is #" + firstAvailableSeq);
        this.firstAvailableSeq = firstAvailableSeq;
    }

    /** The sequence number of the oldest event the journal still holds. */
    public long firstAvailableSeq() {
        return firstAvailableSeq;
    }
}
