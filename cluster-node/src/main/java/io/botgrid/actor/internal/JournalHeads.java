package io.botgrid.actor.internal;

import io.botgrid.actor.JournalReplica.Head;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.ignite.IgniteCache;

/**
 * Answers journal head probes (see {@link io.botgrid.actor.JournalReplica#heads}): for each (actor, seq), the highest
 * sequence number up to seq that the journal holds. One {@code getAll} for all probes at their own sequence numbers
 * (the usual answer: this region holds at least as much); the actors missing theirs walk back in chunks, all in one
 * {@code getAll} per round, so a probe costs one read unless the asker is ahead, and then a read per
 * {@value #CHUNK} records it is ahead by. Why not the directory's head: an actor received by replication has no
 * directory entry, and an entry's head may be a number reserved and never written.
 */
final class JournalHeads {
    private static final int CHUNK = 256;

    private JournalHeads() {
    }

    static List<Head> of(IgniteCache<JournalKey, byte[]> journal, List<Head> probes) {
        long[] answer = new long[probes.size()];
        long[] below = new long[probes.size()]; // per probe still open: the lowest seq known not held; 0: resolved
        Set<JournalKey> keys = new HashSet<>();
        for (int i = 0; i < probes.size(); i++) {
            below[i] = probes.get(i).seq() + 1;
        }
        boolean open = true;
        for (int round = 0; open; round++) {
            keys.clear();
            for (int i = 0; i < probes.size(); i++) {
                if (below[i] > 1) {
                    for (long s = round == 0 ? below[i] - 1 : Math.max(1, below[i] - CHUNK); s < below[i]; s++) {
                        keys.add(new JournalKey(probes.get(i).actor(), s));
                    }
                }
            }
            Set<JournalKey> held = keys.isEmpty() ? Set.of() : journal.getAll(keys).keySet();
            open = false;
            for (int i = 0; i < probes.size(); i++) {
                if (below[i] <= 1) {
                    continue;
                }
                long from = round == 0 ? below[i] - 1 : Math.max(1, below[i] - CHUNK);
                for (long s = below[i] - 1; s >= from; s--) {
                    if (held.contains(new JournalKey(probes.get(i).actor(), s))) {
                        answer[i] = s;
                        break;
                    }
                }
                below[i] = answer[i] > 0 ? 0 : from;
                open |= below[i] > 1;
            }
        }
        List<Head> heads = new ArrayList<>(probes.size());
        for (int i = 0; i < probes.size(); i++) {
            heads.add(new Head(probes.get(i).actor(), answer[i]));
        }
        return heads;
    }
}
