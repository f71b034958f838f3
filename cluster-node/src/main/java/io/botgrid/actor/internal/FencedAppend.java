package io.botgrid.actor.internal;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * <b>Not used by the runtime:</b> the journal fences with {@link ReserveAppend}. With the fused fence the network-split
 * proofs saw sequence numbers acknowledged twice, so it was taken out again; it stays for {@code JournalWriteBench}
 * and the next attempt (see docs/benchmarks.md, "W1 with the fused fence").
 *
 * One journal entry's write with the epoch fence fused into it: run on the journal entry's primary, it writes the
 * event only if the slot is empty (the single-writer check of {@link AppendIfAbsent}) <em>and</em> the actor's
 * directory entry, read from its primary copy on this same node, still carries the writer's epoch. Both checks and
 * the write happen in this one entry processor, under the journal entry's lock, so a group-committed batch costs
 * one cache operation instead of a directory update per append and then a journal write.
 *
 * <p>Why reading the directory here is as strong as updating it: a claim raises the epoch with a compare-and-set
 * on the directory entry's primary, under that entry's lock; this processor reads the same primary copy under the
 * same lock. So a claim is either before the read (the write is refused) or after it, and then the write lands in
 * the microseconds before this processor returns, which is the same order as a reservation followed by the write
 * (the old two-step fence), with a shorter window. The journal and the directory have the same affinity, so the
 * journal entry's primary is the directory entry's primary; while the two cache groups' primaries briefly differ
 * (one group finished rebalancing before the other) the primary copy is not here, the processor writes nothing and
 * answers {@link #NOT_HERE}, and the journal falls back to the two-step fence for that append
 * ({@link EpochCheck} on the directory, then {@link AppendIfAbsent}).
 *
 * <p>Returns null when written, {@link #PRESENT} when the slot already holds an event, {@link #NOT_HERE}, or why
 * the epoch fence refused it. Ignite sends the written value to the backups (there is no cache store), so the
 * processor runs on the primary only.
 */
public final class FencedAppend implements CacheEntryProcessor<JournalKey, byte[], String> {
    /** The slot already holds an event: another activation wrote this sequence number. */
    public static final String PRESENT = "present";
    /** The directory entry's primary copy is not on this node: nothing written, fence through the directory. */
    public static final String NOT_HERE = "not-here";

    private static final long serialVersionUID = 1L;

    private final long epoch;
    private final byte[] value;

    @IgniteInstanceResource
    private transient Ignite ignite;

    public FencedAppend(long epoch, byte[] value) {
        this.epoch = epoch;
        this.value = value;
    }

    @Override
    public String process(MutableEntry<JournalKey, byte[]> entry, Object... arguments) {
        if (entry.exists()) {
            return PRESENT;
        }
        String actor = entry.getKey().actor();
        // A primary peek answers null both for "no entry" and for "not the primary here": only then ask which.
        String current = Stores.directory(ignite).localPeek(actor, CachePeekMode.PRIMARY);
        if (current == null && !ignite.affinity(Stores.DIRECTORY).isPrimary(ignite.cluster().localNode(), actor)) {
            return NOT_HERE;
        }
        String refused = EpochCheck.refusal(current, epoch);
        if (refused != null) {
            return refused;
        }
        entry.setValue(value);
        return null;
    }
}
