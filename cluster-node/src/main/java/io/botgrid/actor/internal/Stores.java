package io.botgrid.actor.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The runtime's Ignite caches. The journal, snapshots and reminders share one cache group, so they share partitions
 * and placement: an actor's journal, snapshot and reminders always sit in the same partition on the same primary
 * and backups. The directory has its own group ({@link #DIRECTORY_GROUP}) with the same affinity, so the same
 * placement.
 */
public final class Stores {
    public static final String GROUP = "botgrid-actors";
    public static final String JOURNAL = "botgrid-journal";
    public static final String SNAPSHOTS = "botgrid-snapshots";
    public static final String REMINDERS = "botgrid-reminders";
    public static final String DIRECTORY = "botgrid-directory";
    /**
     * The directory's own cache group. Every append updates the directory (the epoch fence), and caches of one group
     * share each partition's update counter: the journal's continuous queries (event streams) would then see gaps in
     * that counter and hold their notifications back. The same affinity function and partition count still place
     * an actor's directory entry on the same nodes as its journal.
     */
    public static final String DIRECTORY_GROUP = "botgrid-directory";
    /**
     * Each actor's replication position: the last sequence number the standby region acknowledged (see
     * {@link JournalShipper}). In a group of its own for the same reason as the directory, placed like the journal.
     */
    public static final String REPLICATION = "botgrid-replication";
    /**
     * The region's role in replication between regions (one entry): active, standby of a region, promoted over a
     * region, or fenced by one. Replicated and persistent: every node reads it locally and it survives restarts.
     */
    public static final String REGION = "botgrid-region";
    /**
     * Journal records a region wrote while it was the home of its actors and never shipped, moved aside when it was
     * demoted and re-synchronised from the region promoted over it (see {@link Divergence}): kept for the operator,
     * never read by the runtime. Placed like the journal, in a group of its own for the same reason as the directory.
     */
    public static final String DIVERGED = "botgrid-diverged";

    /**
     * How the caches are laid out; from the node configuration. Zone-aware placement of backups is set by the node
     * on every partitioned data cache at once (not only these), so it is not part of the layout.
     */
    public record Layout(int partitions, int backups) {
    }

    private Stores() {
    }

    /** Cache configurations for the node configuration, before the node starts. */
    public static CacheConfiguration<?, ?>[] configurations(Layout layout) {
        return new CacheConfiguration<?, ?>[] {
            config(JOURNAL, layout), config(SNAPSHOTS, layout), config(REMINDERS, layout),
            config(DIRECTORY, layout).setGroupName(DIRECTORY_GROUP),
            config(REPLICATION, layout).setGroupName(REPLICATION),
            config(DIVERGED, layout).setGroupName(DIVERGED),
            new CacheConfiguration<String, String>(REGION)
                    .setCacheMode(CacheMode.REPLICATED)
                    .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                    .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                    .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                    .setAffinity(new RendezvousAffinityFunction(false, 8))
        };
    }

    private static CacheConfiguration<Object, Object> config(String name, Layout layout) {
        RendezvousAffinityFunction affinity = new RendezvousAffinityFunction(false, layout.partitions());
        return new CacheConfiguration<>(name)
                .setGroupName(GROUP)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(layout.backups())
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setReadFromBackup(false)
                .setAffinity(affinity);
    }

    public static IgniteCache<JournalKey, byte[]> journal(Ignite ignite) {
        return ignite.cache(JOURNAL);
    }

    public static IgniteCache<String, byte[]> snapshots(Ignite ignite) {
        return ignite.cache(SNAPSHOTS);
    }

    public static IgniteCache<ReminderKey, byte[]> reminders(Ignite ignite) {
        return ignite.cache(REMINDERS);
    }

    public static IgniteCache<String, String> region(Ignite ignite) {
        return ignite.cache(REGION);
    }

    public static IgniteCache<String, Long> replication(Ignite ignite) {
        return ignite.cache(REPLICATION);
    }

    public static IgniteCache<JournalKey, byte[]> diverged(Ignite ignite) {
        return ignite.cache(DIVERGED);
    }

    public static IgniteCache<String, String> directory(Ignite ignite) {
        return ignite.cache(DIRECTORY);
    }
}
