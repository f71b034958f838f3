package io.botgrid.actor.internal;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * The epoch fence of an append, run on the actor's directory entry: the append may go ahead only if the entry still
 * carries the writer's epoch and its journal head is the sequence number the writer expects; then the head moves on
 * by the number of events. Both checks and the move happen in this one entry processor, under the entry's lock, so
 * a claim by a newer activation (which raises the epoch on the same entry) is either before it (the append is
 * refused) or after it (the newer activation then adopts the head this append reserved).
 *
 * <p>Returns null when the append may go ahead, else why not.
 */
public final class ReserveAppend implements CacheEntryProcessor<String, String, String> {
    private static final long serialVersionUID = 1L;

    private final long epoch;
    private final long expectedSeq;
    private final int count;

    public ReserveAppend(long epoch, long expectedSeq, int count) {
        this.epoch = epoch;
        this.expectedSeq = expectedSeq;
        this.count = count;
    }

    @Override
    public String process(MutableEntry<String, String> entry, Object... arguments) {
        if (!entry.exists()) {
            return "no activation holds it";
        }
        // Read and rewritten in place, without parsing the holder (see DirectoryEntry.withLastSeq): every append
        // runs this on the directory entry's primary, under its lock.
        String stored = entry.getValue();
        long currentEpoch = DirectoryEntry.epochOf(stored);
        if (currentEpoch != epoch) {
            return "its owner epoch is " + currentEpoch + ", this activation's is " + epoch;
        }
        long head = DirectoryEntry.lastSeqOf(stored);
        if (head != expectedSeq) {
            return "its journal head is #" + head + ", this activation expected #" + expectedSeq;
        }
        entry.setValue(DirectoryEntry.withLastSeq(stored, expectedSeq + count));
        return null;
    }
}
