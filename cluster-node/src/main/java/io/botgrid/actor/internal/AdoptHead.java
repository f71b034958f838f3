package io.botgrid.actor.internal;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Sets the journal head of an actor's directory entry to what recovery read, if the entry still carries the
 * recovering activation's epoch. The head may be ahead of the journal when an append reserved sequence numbers and
 * its writer died (or was refused) before writing them; the journal, read after the claim, is the truth. Returns
 * null on success, else why not.
 */
public final class AdoptHead implements CacheEntryProcessor<String, String, String> {
    private static final long serialVersionUID = 1L;

    private final long epoch;
    private final long seq;

    public AdoptHead(long epoch, long seq) {
        this.epoch = epoch;
        this.seq = seq;
    }

    @Override
    public String process(MutableEntry<String, String> entry, Object... arguments) {
        if (!entry.exists()) {
            return "no activation holds it";
        }
        DirectoryEntry current = DirectoryEntry.parse(entry.getValue());
        if (current.epoch() != epoch) {
            return "its owner epoch is " + current.epoch() + ", this activation's is " + epoch;
        }
        if (current.lastSeq() != seq) {
            entry.setValue(current.withLastSeq(seq).format());
        }
        return null;
    }
}
