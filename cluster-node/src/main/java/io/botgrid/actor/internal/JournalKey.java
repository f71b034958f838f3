package io.botgrid.actor.internal;

import java.util.Objects;
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

    @Override
    public int hashCode() {
        return Objects.hash(actor, seq);
    }

    @Override
    public String toString() {
        return actor + "#" + seq;
    }
}
