package io.botgrid.actor.internal;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * <b>Not used by the runtime:</b> the journal fences with {@link ReserveAppend}. With the fused fence the network-split
 * proofs saw sequence numbers acknowledged twice, so it was taken out again; it stays for {@code JournalWriteBench}
 * and the next attempt (see docs/benchmarks.md, "W1 with the fused fence").
 *
 * The epoch fence on its own, run on the actor's directory entry: the append may go ahead only if the entry still
 * carries the writer's epoch. It changes nothing. The journal uses it only when the fence cannot be fused into the
 * write ({@link FencedAppend#NOT_HERE}: for a moment the directory entry's primary is not the journal entry's), and
 * then writes with {@link AppendIfAbsent}; a claim between the two steps lets the write land, as it would have with
 * a reservation made just before the claim.
 *
 * <p>Returns null when the append may go ahead, else why not.
 */
public final class EpochCheck implements CacheEntryProcessor<String, String, String> {
    private static final long serialVersionUID = 1L;

    private final long epoch;

    public EpochCheck(long epoch) {
        this.epoch = epoch;
    }

    @Override
    public String process(MutableEntry<String, String> entry, Object... arguments) {
        return refusal(entry.exists() ? entry.getValue() : null, epoch);
    }

    /** Why a directory entry (as stored, or null) refuses an append by the activation of {@code epoch}, or null. */
    static String refusal(String stored, long epoch) {
        if (stored == null) {
            return "no activation holds it";
        }
        long current = DirectoryEntry.epochOf(stored);
        return current == epoch ? null : "its owner epoch is " + current + ", this activation's is " + epoch;
    }
}
