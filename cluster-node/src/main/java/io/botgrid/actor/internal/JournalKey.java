package io.botgrid.actor.internal;

import org.apache.ignite.cache.affinity.AffinityKeyMapped;

/**
 * Key of one journal entry: (actor, sequence number), placed by the actor so that an actor's whole journal lives in
 * its partition, on its owner.
 */
public final class JournalKey {
    @AffinityKeyMapped
    private final String actor;
    private final long seq;

    public JournalKey(String actor, long seq) {
        this.actor = actor;
        this.seq = seq;
    }

    public String actor() {
        return actor;
    }

    public long seq() {
        return seq;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalKey k && k.seq == seq && k.actor.equals(actor);
    }

    /** {@code Objects.hash(actor, seq)}, without its array and boxing: keys are made per event on the hot path. */
    @Override
    public int hashCode() {
        return 31 * (31 + actor.hashCode()) + Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return actor + "#" + seq;
    }
}
