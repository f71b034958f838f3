package io.botgrid.registry.internal;

import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;

/**
 * Where the registry lives: a replicated, atomic, FULL_SYNC cache in an in-memory data region. In memory because a
 * name is only as alive as the process holding it: after a full cluster restart no process of the last run holds
 * anything, so no name should survive. Replicated so that lookups are local reads; FULL_SYNC so that a name is
 * visible on every node once registered.
 */
public final class RegistryStore {
    /** The in-memory data region (for the registry and other volatile cluster state). */
    public static final String VOLATILE_REGION = "botgrid-volatile";
    public static final String CACHE = "botgrid-registry";

    private RegistryStore() {
    }

    /** The in-memory data region the registry's cache needs; small, it holds names. */
    public static DataRegionConfiguration volatileRegion() {
        return new DataRegionConfiguration()
                .setName(VOLATILE_REGION)
                .setPersistenceEnabled(false)
                .setInitialSize(16L * 1024 * 1024)
                .setMaxSize(64L * 1024 * 1024);
    }

    public static CacheConfiguration<String, byte[]> configuration() {
        return new CacheConfiguration<String, byte[]>(CACHE)
                .setDataRegionName(VOLATILE_REGION)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }
}
