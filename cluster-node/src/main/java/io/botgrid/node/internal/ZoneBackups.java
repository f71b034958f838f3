package io.botgrid.node.internal;

import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.affinity.rendezvous.ClusterNodeAttributeAffinityBackupFilter;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Zone-aware placement of backups ({@code zoneAwareBackups}), applied by the node to every data cache in one place so
 * that no cache holding user data is forgotten (the session index once was). A partitioned cache gets Ignite's
 * attribute backup filter: each backup of a partition goes to a node whose zone differs from the primary's and the
 * other backups', so losing a whole zone leaves a copy of every partition. A replicated cache (bot index, worker
 * specs, registry) already has a copy on every node, hence in every zone; a filter there would only take copies
 * away, so it is left alone.
 */
final class ZoneBackups {
    private ZoneBackups() {
    }

    /** Sets the zone filter on {@code cache} if it is partitioned; its affinity must be a rendezvous function. */
    static void apply(CacheConfiguration<?, ?> cache, String zoneAttribute) {
        if (cache.getCacheMode() != CacheMode.PARTITIONED) {
            return;
        }
        if (!(cache.getAffinity() instanceof RendezvousAffinityFunction affinity)) {
            throw new IllegalStateException("cache " + cache.getName() + " has no rendezvous affinity, so its backups "
                    + "cannot be kept in other zones");
        }
        affinity.setAffinityBackupFilter(new ClusterNodeAttributeAffinityBackupFilter(zoneAttribute));
    }
}
