package io.botgrid.actor.internal;

import io.botgrid.actor.JournalReplica.Head;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        Map<String, Long> found = new HashMap<>();
        Map<String, Long> below = new HashMap<>(); // unresolved actor -> the lowest seq not held so far
        Set<JournalKey> first = new HashSet<>();
        probes.forEach(p -> first.add(new JournalKey(p.actor(), p.seq())));
        Set<JournalKey> held = journal.getAll(first).keySet();
        for (Head p : probes) {
            if (held.contains(new JournalKey(p.actor(), p.seq()))) {
                found.merge(p.actor(), p.seq(), Math::max);
            } else {
                below.merge(p.actor(), p.seq(), Math::min);
            }
        }
        below.keySet().removeIf(found::containsKey);
        while (!below.isEmpty()) {
            Set<JournalKey> keys = new HashSet<>();
            below.forEach((actor, top) -> {
                for (long s = Math.max(1, top - CHUNK); s < top; s++) {
                    keys.add(new JournalKey(actor, s));
                }
            });
            Map<String, Long> highest = new HashMap<>();
            journal.getAll(keys).keySet().forEach(k -> highest.merge(k.actor(), k.seq(), Math::max));
            Map<String, Long> next = new HashMap<>();
            below.forEach((actor, top) -> {
                Long h = highest.get(actor);
                if (h != null) {
                    found.put(actor, h);
                } else if (top - CHUNK > 1) {
                    next.put(actor, top - CHUNK);
                } else {
                    found.put(actor, 0L);
                }
            });
            below = next;
        }
        List<Head> answer = new ArrayList<>(probes.size());
        for (Head p : probes) {
            answer.add(new Head(p.actor(), Math.min(p.seq(), found.getOrDefault(p.actor(), 0L))));
        }
        return answer;
    }
}
