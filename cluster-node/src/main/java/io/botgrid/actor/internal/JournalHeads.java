package io.botgrid.actor.internal;

import io.botgrid.actor.JournalReplica.Head;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.ignite.IgniteCache;

/**
 * Answers journal head probes (see {@link io.botgrid.actor.JournalReplica#heads}): for each (actor, seq), the highest
 * sequence number up to seq that the journal holds. One {@code getAll} for all probes at their own sequence numbers
 * (the usual answer: this region holds at least as much). A probe whose record is missing (the asker is ahead) is
 * answered in a bounded number of reads whatever its number: one {@code getAll} of the numbers 1, the directory's head
 * and seq minus 1, 2, 4, 8…, then a binary search between the highest of them held and the next one above it that is
 * not. Why that is exact: an actor's journal here is contiguous from its first record to its head; the first record
 * is 1 unless retention removed older ones, which needs a snapshot, which only an actor activated here has, and
 * then its directory entry names its head.
 */
final class JournalHeads {
    private JournalHeads() {
    }

    static List<Head> of(IgniteCache<JournalKey, byte[]> journal, IgniteCache<String, String> directory,
                         List<Head> probes) {
        Set<JournalKey> first = new HashSet<>();
        probes.forEach(p -> first.add(new JournalKey(p.actor(), p.seq())));
        Set<JournalKey> held = journal.getAll(first).keySet();
        List<Head> heads = new ArrayList<>(probes.size());
        for (Head p : probes) {
            boolean has = held.contains(new JournalKey(p.actor(), p.seq()));
            heads.add(new Head(p.actor(), has ? p.seq() : below(journal, directory, p.actor(), p.seq())));
        }
        return heads;
    }

    /** The highest sequence number below {@code top} held for the actor, 0 if none. */
    private static long below(IgniteCache<JournalKey, byte[]> journal, IgniteCache<String, String> directory,
                              String actor, long top) {
        TreeSet<Long> samples = new TreeSet<>();
        samples.add(1L);
        for (long step = 1; step > 0 && top - step >= 1; step <<= 1) {
            samples.add(top - step);
        }
        String entry = directory.get(actor);
        if (entry != null) {
            long head = DirectoryEntry.parse(entry).lastSeq();
            if (head >= 1 && head < top) {
                samples.add(head);
            }
        }
        Set<JournalKey> keys = new HashSet<>();
        samples.forEach(s -> keys.add(new JournalKey(actor, s)));
        Set<JournalKey> present = journal.getAll(keys).keySet();
        long lo = 0;
        for (long s : samples.descendingSet()) {
            if (present.contains(new JournalKey(actor, s))) {
                lo = s;
                break;
            }
        }
        if (lo == 0) {
            return 0;
        }
        Long above = samples.higher(lo);
        long hi = above == null ? top : above; // held: lo; not held: hi; the head is in [lo, hi)
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (journal.containsKey(new JournalKey(actor, mid))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
