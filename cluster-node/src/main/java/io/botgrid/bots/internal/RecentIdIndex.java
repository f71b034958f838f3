package io.botgrid.bots.internal;

import java.util.List;

/**
 * A hash index of one session's recent message ids (the state's {@code recent_message_ids}: ids appended at the end,
 * the oldest dropped from the front beyond {@link SessionBehavior#MAX_RECENT_IDS}), kept in step with that list from
 * one message to the next at the cost of the ids added since.
 *
 * <p>Why: the duplicate check of every incoming message went through the whole list, up to 500 strings each
 * elsewhere on the heap, so mostly cache misses; on the Slack benchmark, with conversations of a few hundred
 * messages, that was a tenth of the node's CPU. The hashes of the ids sit here in one array, in the list's order.
 *
 * <p>Never wrong in either direction: a hash that matches is confirmed against the list itself, and the index is
 * rebuilt from the list whenever the list did not come from the one it last saw by appends and drops from the
 * front (checked by its length, its last id and the hash of its first; ids are unique within a session).
 *
 * <p>Not thread-safe: used within the turns of one session, which run one at a time. Public for the benchmark
 * ({@code RecentIdsBench}) only.
 */
public final class RecentIdIndex {
    /** Below this many ids the list is searched directly (an index would not pay for itself). */
    static final int MIN_INDEXED = 32;
    /** How many ids may have been added since the last check before the index is rebuilt instead of caught up. */
    private static final int MAX_CATCH_UP = 64;

    private int[] hashes = new int[64]; // a ring in the list's order (id i's hash at (start + i) & mask); length 2^k
    private int start;
    private int size;
    private String last; // the list's last id when last in step
    private int rebuilds;

    /** Whether {@code ids} (the state's recent message ids, as this session's history made them) holds {@code id}. */
    public boolean contains(List<String> ids, String id) {
        if (ids.size() < MIN_INDEXED) {
            return ids.contains(id);
        }
        if (size == 0 || !caughtUp(ids)) {
            rebuild(ids);
        }
        int h = id.hashCode();
        int mask = hashes.length - 1;
        for (int i = 0; i < size; i++) {
            if (hashes[(start + i) & mask] == h) {
                return ids.contains(id); // confirmed: a duplicate, or two ids with one hash
            }
        }
        return false;
    }

    /** How often the index was built from the whole list (the first time included); for tests. */
    int rebuilds() {
        return rebuilds;
    }

    /**
     * Appends the ids that follow {@link #last} in {@code ids} and drops as many from the front as {@code ids} lost;
     * false if {@code ids} is not this list grown that way (then the index must be rebuilt).
     */
    private boolean caughtUp(List<String> ids) {
        int n = ids.size();
        int lastAt = -1;
        for (int j = n - 1; j >= Math.max(0, n - 1 - MAX_CATCH_UP); j--) {
            if (ids.get(j).equals(last)) {
                lastAt = j;
                break;
            }
        }
        if (lastAt < 0) {
            return false;
        }
        // ids.get(0..lastAt) are the last lastAt + 1 ids held; the ones before them left the list. They go first, so
        // the ring never holds more than the list's 500 (512 ints).
        int dropped = size - (lastAt + 1);
        if (dropped < 0) {
            return false;
        }
        start = (start + dropped) & (hashes.length - 1);
        size -= dropped;
        for (int j = lastAt + 1; j < n; j++) {
            append(ids.get(j).hashCode());
        }
        last = ids.get(n - 1);
        return size == n && hashes[start] == ids.get(0).hashCode();
    }

    private void rebuild(List<String> ids) {
        rebuilds++;
        start = 0;
        size = 0;
        for (String s : ids) {
            append(s.hashCode());
        }
        last = ids.get(ids.size() - 1);
    }

    private void append(int hash) {
        if (size == hashes.length) {
            int[] grown = new int[hashes.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = hashes[(start + i) & (hashes.length - 1)];
            }
            hashes = grown;
            start = 0;
        }
        hashes[(start + size) & (hashes.length - 1)] = hash;
        size++;
    }
}
