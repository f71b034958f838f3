package io.botgrid.it.netns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the journals say about the client's log: writes a minority acknowledged during a split, sequence numbers
 * acknowledged twice, acknowledged writes missing or at another position, tags journalled twice or never sent.
 */
record JournalAudit(int acknowledged, int failed, List<String> minorityAcks, List<String> duplicateSeqs,
                    List<String> lost, List<String> misplaced, List<String> twice, List<String> phantoms) {
    /**
     * Calls issued this long after a cut count as issued during the split: the tests' failure detection timeout
     * (3 s) plus 1 s. Before the timeout no node knows of the split, and a write whose copies are all on the
     * writer's side still completes, correctly (the audit checks that such writes are in the journals, not lost).
     */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(4);

    /** One fault: when it began and ended, and which nodes were on a side without a majority. */
    record Phase(long cutNanos, long healNanos, Set<Integer> minority) {
    }

    static JournalAudit of(List<SplitLoad.Attempt> attempts, Map<String, List<String>> journals, List<Phase> phases) {
        List<String> minorityAcks = new ArrayList<>();
        List<String> duplicateSeqs = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        List<String> phantoms = new ArrayList<>();
        Map<String, SplitLoad.Attempt> seqOwner = new HashMap<>();
        Set<String> sent = new HashSet<>();
        int acked = 0;
        for (SplitLoad.Attempt a : attempts) {
            sent.add(a.tag());
            if (!a.acknowledged()) {
                continue;
            }
            acked++;
            for (Phase p : phases) {
                if (p.minority().contains(a.node()) && a.startNanos() >= p.cutNanos() + GRACE_NANOS
                        && a.startNanos() < p.healNanos()) {
                    minorityAcks.add(a.key() + "#" + a.seq() + " " + a.tag() + " via node-" + a.node());
                }
            }
            List<String> journal = journals.get(a.key());
            SplitLoad.Attempt previous = seqOwner.put(a.key() + "#" + a.seq(), a);
            if (previous != null) {
                duplicateSeqs.add(a.key() + "#" + a.seq() + ": " + previous.tag() + " and " + a.tag() + " ("
                        + when(previous, journal, phases) + "; " + when(a, journal, phases) + ")");
            }
            int at = journal.indexOf(a.tag());
            if (at < 0) {
                lost.add(a.key() + "#" + a.seq() + " " + when(a, journal, phases) + "; the journal has "
                        + (journal == null ? 0 : journal.size()) + " entries" + (journal != null
                        && journal.size() >= a.seq() ? ", #" + a.seq() + " is " + journal.get((int) a.seq() - 1)
                        : ""));
            } else if (at + 1 != a.seq()) {
                misplaced.add(a.key() + " " + a.tag() + " acknowledged #" + a.seq() + ", journalled #" + (at + 1)
                        + " (" + when(a, journal, phases) + ")");
            }
        }
        for (Map.Entry<String, List<String>> e : journals.entrySet()) {
            Set<String> seen = new HashSet<>();
            for (String tag : e.getValue()) {
                if (!seen.add(tag)) {
                    twice.add(e.getKey() + " " + tag);
                }
                if (!sent.contains(tag)) {
                    phantoms.add(e.getKey() + " " + tag);
                }
            }
        }
        return new JournalAudit(acked, attempts.size() - acked, cap(minorityAcks), cap(duplicateSeqs), cap(lost),
                cap(misplaced), cap(twice), cap(phantoms));
    }

    /**
     * Where a call stands against the faults and the journal, for the report of a duplicate: its start and end in
     * ms from the first cut, and its position in the journal (or "not journalled").
     */
    private static String when(SplitLoad.Attempt a, List<String> journal, List<Phase> phases) {
        long cut = phases.isEmpty() ? 0 : phases.get(0).cutNanos();
        long heal = phases.isEmpty() ? 0 : phases.get(0).healNanos();
        int at = journal == null ? -1 : journal.indexOf(a.tag());
        return a.tag() + " via node-" + a.node() + " " + TimeUnit.NANOSECONDS.toMillis(a.startNanos() - cut) + ".."
                + TimeUnit.NANOSECONDS.toMillis(a.endNanos() - cut) + " ms from the cut (heal at "
                + TimeUnit.NANOSECONDS.toMillis(heal - cut) + " ms), " + (at < 0 ? "not journalled" : "journalled #"
                + (at + 1));
    }

    private static List<String> cap(List<String> list) {
        return List.copyOf(list.size() <= 20 ? list : list.subList(0, 20));
    }
}
