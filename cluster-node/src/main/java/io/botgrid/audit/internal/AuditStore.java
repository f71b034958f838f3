package io.botgrid.audit.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The audit log's cache: partitioned like the other data caches (same backups, written to every copy before the
 * write returns, persistent in the default region), keyed by {@link AuditKeys} so keys sort by time. Values are the
 * Protobuf bytes of {@code botgrid.v1.AuditEntry}, so the stored form evolves like the wire form.
 */
public final class AuditStore {
    public static final String CACHE = "botgrid-audit";
    /** The log is small next to the actors' data: fewer partitions make a full scan cheaper. */
    private static final int PARTITIONS = 32;

    private AuditStore() {
    }

    /** The cache configuration for the node's, before it starts. */
    public static CacheConfiguration<String, byte[]> configuration(int backups) {
        return new CacheConfiguration<String, byte[]>(CACHE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(backups)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setAffinity(new RendezvousAffinityFunction(false, PARTITIONS));
    }

    static IgniteCache<String, byte[]> cache(Ignite ignite) {
        IgniteCache<String, byte[]> cache = ignite.cache(CACHE);
        if (cache == null) {
            throw new IllegalStateException("the audit log's cache " + CACHE + " is not started on node "
                    + ignite.name());
        }
        return cache;
    }
}
