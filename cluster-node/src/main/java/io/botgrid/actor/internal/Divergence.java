package io.botgrid.actor.internal;

import io.botgrid.telemetry.ReplicationMetrics;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a standby does with the records it wrote itself, as the home of its actors, and never shipped before the
 * region it now stands by for was promoted over it: that region is the truth, so they leave the journal. They are
 * moved aside, not dropped: copied to {@link Stores#DIVERGED} first, then removed from the journal, each only if it
 * still holds the bytes read (a shipment may be writing the same sequence numbers at that moment). They are the
 * writes the failover lost (the RPO): the operator can read them there, compare and re-enter what matters; the
 * runtime never reads them. Also removes a snapshot covering them, and releases the actor's directory entry at the
 * new head ({@link ReplicatedHead}) so that a live activation built from them cannot write again.
 *
 * <p>One WARN line per actor and call, not per record, and the count in
 * {@code botgrid_replication_diverged_records_total}.
 */
public final class Divergence {
    private static final Logger LOG = LoggerFactory.getLogger(Divergence.class);
    /** Records read per round while following a diverged tail. */
    private static final int CHUNK = 256;

    private final Ignite ignite;
    private final ReplicationMetrics metrics;

    public Divergence(Ignite ignite, ReplicationMetrics metrics) {
        this.ignite = ignite;
        this.metrics = metrics;
    }

    /**
     * Moves the actor's records from {@code from} on aside (as far as they are contiguous), and sets the directory
     * head to {@code from - 1}.
     *
     * @param truth the region whose journal is the truth, for the log line
     * @return how many records were moved aside
     */
    public long moveAside(String actor, long from, String truth) {
        IgniteCache<JournalKey, byte[]> journal = Stores.journal(ignite);
        TreeMap<Long, byte[]> tail = new TreeMap<>();
        for (long start = from; ; start += CHUNK) {
            Set<JournalKey> keys = new LinkedHashSet<>();
            for (long s = start; s < start + CHUNK; s++) {
                keys.add(new JournalKey(actor, s));
            }
            Map<JournalKey, byte[]> found = journal.getAll(keys);
            found.forEach((k, v) -> tail.put(k.seq(), v));
            if (found.size() < CHUNK) {
                break;
            }
        }
        long removed = 0;
        if (!tail.isEmpty()) {
            Map<JournalKey, byte[]> copies = new HashMap<>();
            Map<JournalKey, EntryProcessor<JournalKey, byte[], Boolean>> removals = new HashMap<>();
            tail.forEach((seq, bytes) -> {
                copies.put(new JournalKey(actor, seq), bytes);
                removals.put(new JournalKey(actor, seq), new RemoveIfSame(bytes));
            });
            Stores.diverged(ignite).putAll(copies); // the copy first: a crash in between leaves both, never neither
            for (EntryProcessorResult<Boolean> r : journal.invokeAll(removals).values()) {
                if (Boolean.TRUE.equals(r.get())) {
                    removed++;
                }
            }
        }
        Stores.snapshots(ignite).invoke(actor, new DropSnapshotFrom(from));
        Stores.directory(ignite).invoke(actor, new ReplicatedHead(from - 1, true));
        if (removed > 0) {
            metrics.diverged(removed);
            LOG.warn("Actor {}: records #{}..#{} ({}) that this region wrote and never shipped were moved aside to {}: "
                    + "region {} was promoted over this region and its journal is the truth", actor,
                    tail.firstKey(), tail.lastKey(), removed, Stores.DIVERGED, truth);
        }
        return removed;
    }
}
