package io.botgrid.workers.cluster.internal;

import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The workers' caches. Specs are durable (the persistent default region) and replicated, so every node reads them
 * locally and they survive a full cluster restart. Assignments (which node runs which spec, in which incarnation)
 * are in memory: after a full restart nothing runs, and placement starts over from the specs.
 */
public final class WorkerStores {
    public static final String SPECS = "botgrid-worker-specs";
    public static final String ASSIGNMENTS = "botgrid-worker-assignments";
    /**
     * The specs a standby region was shipped by its home region, kept apart from its own (it runs none of them)
     * until it is promoted; durable and replicated like the specs.
     */
    public static final String REPLICATED_SPECS = "botgrid-worker-specs-replicated";
    /** Key of the node's {@link io.botgrid.workers.LocalSupervisor} in its Ignite node-local map, for jobs. */
    static final String SUPERVISOR_KEY = "botgrid.workers.supervisor";

    private WorkerStores() {
    }

    /** @param volatileRegion the in-memory data region (the registry's) */
    public static CacheConfiguration<?, ?>[] configurations(String volatileRegion) {
        CacheConfiguration<String, byte[]> specs = new CacheConfiguration<String, byte[]>(SPECS)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setAffinity(new RendezvousAffinityFunction(false, 32));
        CacheConfiguration<String, byte[]> assignments = new CacheConfiguration<String, byte[]>(ASSIGNMENTS)
                .setDataRegionName(volatileRegion)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setAffinity(new RendezvousAffinityFunction(false, 32));
        CacheConfiguration<String, byte[]> replicated = new CacheConfiguration<>(specs);
        replicated.setName(REPLICATED_SPECS);
        return new CacheConfiguration<?, ?>[] {specs, assignments, replicated};
    }
}
