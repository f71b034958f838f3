package io.botgrid.node.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

/**
 * The lost partitions (every copy out of sight) of the caches an Ignite node knows, as that node sees them. One scan
 * for the readiness check, the lost-partition reset, the baseline catch-up and the stale-copies probe, which each
 * decide something different from the same picture.
 *
 * @param byCache the caches with at least one lost partition, by name in order, each with its partitions in order
 */
record LostPartitions(SortedMap<String, List<Integer>> byCache) {
    LostPartitions {
        byCache = Collections.unmodifiableSortedMap(new TreeMap<>(byCache));
    }

    /** The lost partitions of every cache {@code ignite} knows. */
    static LostPartitions of(Ignite ignite) {
        return of(ignite, cache -> true);
    }

    /** The lost partitions of the caches {@code ignite} knows and {@code include} accepts. */
    static LostPartitions of(Ignite ignite, Predicate<IgniteCache<?, ?>> include) {
        SortedMap<String, List<Integer>> lost = new TreeMap<>();
        for (String name : ignite.cacheNames()) {
            IgniteCache<?, ?> cache = ignite.cache(name);
            if (cache == null || !include.test(cache)) {
                continue; // destroyed since cacheNames() was read, or not asked for
            }
            Collection<Integer> parts = cache.lostPartitions();
            if (!parts.isEmpty()) {
                lost.put(name, parts.stream().sorted().toList());
            }
        }
        return new LostPartitions(lost);
    }

    /** Whether no cache has a lost partition. */
    boolean isEmpty() {
        return byCache.isEmpty();
    }

    /** How many partitions are lost, over all caches. */
    int count() {
        return byCache.values().stream().mapToInt(List::size).sum();
    }
}
