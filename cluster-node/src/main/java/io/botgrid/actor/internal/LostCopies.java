package io.botgrid.actor.internal;

import io.botgrid.actor.JournalUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.internal.IgniteEx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back the acknowledgement of a journal append whose partition is missing a copy while some partition of the
 * cluster is lost.
 *
 * <p>Why: a node that did not stop cleanly may hold writes no other copy got (a primary's update that was in flight
 * when it was cut off; never acknowledged). When such a node comes back while no partition is lost, it discards its
 * copies and takes them from the owners ({@code StaleCopies}). But while partitions are lost, as after an even split
 * where each half lost the partitions whose copies are all on the other half, the returning nodes must keep their
 * data: it is the only copy of those partitions. Ignite then compares update counters only, so the returning copy of
 * any other partition it holds replaces the copy that stayed if its counter is as high or higher. Writes made to that
 * partition while the node was away would be gone. Seen in {@code NetworkSplitTest}'s 2+2 split: nodes 3 and 4 came
 * back some seconds apart; the three nodes of the first majority wrote, and acknowledged, an event in a partition
 * whose other copy was on the fourth, and that copy replaced theirs when it came back.
 *
 * <p>So while a partition of a persistent cache is lost, an append is acknowledged only if every copy of its actor's
 * partition is in the topology (the copies of the journal and of the directory sit on the same nodes). The others get
 * {@code UNAVAILABLE} ("not acknowledged, retry"); they are served again as soon as the lost partitions are reset,
 * which {@code LostPartitionReset} does once every baseline node is back, or an operator does for nodes that will not
 * come back (those then rejoin empty).
 *
 * <p>Cost: a cluster without lost partitions pays two field reads per batch. Ignite changes a cache's lost set only
 * inside a partition map exchange (it finds lost partitions when a server left, takes them from the coordinator's
 * full message, clears them on a reset), and it raises the node's ready exchange version only after that exchange
 * applied them. So "nothing is lost" is kept for as long as the ready exchange version is the one read <em>before</em>
 * the lost sets were: a kept answer is never older than its key. Looking at every persistent cache's lost set per
 * batch (a lock and a set copy per cache) cost 8 to 9 % of both nodes' CPU samples in W1's open loop, where the
 * batches hold one or two appends.
 *
 * <p>Known limit: a node that went away while no partition was lost, and comes back after others left and lost some,
 * keeps its data too, and writes acknowledged while it alone was away are not protected. That takes two faults in a
 * row with the first node still away; the per-partition discard that would close it is not built.
 */
final class LostCopies {
    private static final Logger LOG = LoggerFactory.getLogger(LostCopies.class);
    private static final long RELIST_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The persistent caches as listed at a time. */
    private record Listed(long atNanos, List<IgniteCache<?, ?>> caches) {
    }

    private final Ignite ignite;
    private final Affinity<String> affinity;
    private final int copies;
    private volatile Listed listed;
    /** The ready exchange version in which no persistent cache had lost partitions; null if none is known. */
    private volatile Object noneLostIn;
    /** Whether a cache keeps its data on disk, by name: fixed for a cache's life. */
    private final Map<String, Boolean> persistent = new ConcurrentHashMap<>();

    LostCopies(Ignite ignite) {
        this.ignite = ignite;
        this.affinity = ignite.affinity(Stores.JOURNAL);
        @SuppressWarnings("unchecked")
        CacheConfiguration<?, ?> journal = Stores.journal(ignite).getConfiguration(CacheConfiguration.class);
        this.copies = journal.getBackups() + 1;
    }

    /**
     * Null if no partition of a persistent cache is lost (the common case: every append may be acknowledged), else
     * which one is, for {@link #copyAway}.
     */
    String lost() {
        Object exchange = readyExchange(); // before the lost sets: see the class comment
        if (exchange != null && exchange.equals(noneLostIn)) {
            return null;
        }
        String lost = readLost();
        if (lost == null && exchange != null) {
            noneLostIn = exchange;
        }
        return lost;
    }

    /**
     * The version of the node's last completed partition map exchange, or null if this Ignite does not say (then
     * nothing is kept).
     */
    private Object readyExchange() {
        if (!(ignite instanceof IgniteEx ex)) {
            return null;
        }
        try {
            return ex.context().cache().context().exchange().readyAffinityVersion();
        } catch (RuntimeException e) {
            return null; // stopping
        }
    }

    private String readLost() {
        List<IgniteCache<?, ?>> caches;
        try {
            caches = persistentCaches();
        } catch (RuntimeException e) {
            // The node is stopping, or Ignite failed: not knowing is treated as lost, so nothing is confirmed.
            return "the lost partitions could not be read (" + e + ")";
        }
        for (IgniteCache<?, ?> cache : caches) {
            Collection<Integer> parts;
            try {
                parts = cache.lostPartitions();
            } catch (RuntimeException e) {
                continue; // destroyed since the list was made
            }
            if (!parts.isEmpty()) {
                return "cache " + cache.getName() + " has " + parts.size() + " lost partition(s)";
            }
        }
        return null;
    }

    /**
     * The persistent caches, listed again at most once a second: a cache created meanwhile cannot have lost a
     * partition yet.
     */
    private List<IgniteCache<?, ?>> persistentCaches() {
        Listed listed = this.listed;
        long now = System.nanoTime();
        if (listed != null && now - listed.atNanos() < RELIST_NANOS) {
            return listed.caches();
        }
        List<IgniteCache<?, ?>> caches = new ArrayList<>();
        for (String name : ignite.cacheNames()) {
            IgniteCache<?, ?> cache = ignite.cache(name);
            if (cache != null && persistent.computeIfAbsent(name, n -> keepsOnDisk(cache))) {
                caches.add(cache);
            }
        }
        this.listed = new Listed(now, List.copyOf(caches));
        return caches;
    }

    /**
     * Null if every copy of {@code actor}'s partition is in the topology, else why its append may not be acknowledged
     * while {@code lost} (from {@link #lost}).
     */
    String copyAway(String actor, String lost) {
        int partition;
        int present;
        int expected;
        try {
            partition = affinity.partition(actor);
            present = affinity.mapPartitionToPrimaryAndBackups(partition).size();
            Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
            expected = baseline == null ? copies : Math.min(copies, baseline.size());
        } catch (RuntimeException e) {
            return actor + " is unavailable: the copies of its partition could not be counted (" + e + ") while "
                    + lost;
        }
        if (present >= expected) {
            return null;
        }
        return actor + " is unavailable: its partition " + partition + " has " + present + " of its " + expected
                + " copies in the cluster while " + lost + ": a node that holds the other copy may bring back "
                + "writes of its own that replace this one";
    }

    /**
     * Null if {@code actor}'s events may be acknowledged as far as lost partitions go, else why not: for a reply
     * found in the journal for a call sent again, which must not be confirmed while the append itself would not be.
     */
    String why(String actor) {
        String lost = lost();
        return lost == null ? null : copyAway(actor, lost);
    }

    /**
     * The error an append (or a reply found in the journal) completes with instead of its acknowledgement. Not
     * {@code ClusterUnavailableException}: the router would send the call again, and the new activation would find
     * the event in the journal and confirm it from there.
     */
    static JournalUnavailableException refusal(String why) {
        return new JournalUnavailableException("journal of " + why + "; not acknowledged (it may or may not be in "
                + "the journal): retry once the lost partitions are back");
    }

    /** Logs that {@code appends} appends of one batch were not acknowledged, and why the first was not. */
    static void logRefused(int appends, String firstWhy) {
        LOG.warn("{} append(s) not acknowledged: {}", appends, firstWhy);
    }

    private boolean keepsOnDisk(IgniteCache<?, ?> cache) {
        @SuppressWarnings("unchecked")
        CacheConfiguration<?, ?> config = cache.getConfiguration(CacheConfiguration.class);
        DataStorageConfiguration storage = ignite.configuration().getDataStorageConfiguration();
        if (storage == null) {
            return false;
        }
        String region = config.getDataRegionName();
        if (region == null || region.equals(storage.getDefaultDataRegionConfiguration().getName())) {
            return storage.getDefaultDataRegionConfiguration().isPersistenceEnabled();
        }
        DataRegionConfiguration[] regions = storage.getDataRegionConfigurations();
        if (regions != null) {
            for (DataRegionConfiguration r : regions) {
                if (region.equals(r.getName())) {
                    return r.isPersistenceEnabled();
                }
            }
        }
        return false;
    }
}
