package io.botgrid.actor.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.cache.CacheGroupContext;
import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtLocalPartition;
import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionState;
import org.apache.ignite.internal.util.typedef.internal.CU;

/**
 * Whether the runtime's storage on a node has settled after a topology change: every partition it holds is OWNING
 * and every server node is primary somewhere. For tools and tests that wait for a rebalance to end.
 *
 * <p>Reads Ignite internals, on purpose and only here: Ignite 2 has no public API for a partition's local state
 * ("rebalanced"), and keeping the one place that looks inside next to the stores it inspects means nothing else
 * (the test kit in particular) depends on Ignite's internal classes.
 */
public final class StorageDiagnostics {
    private StorageDiagnostics() {
    }

    /** Why the actors' storage on {@code ignite} is not settled, or null if it is. */
    public static String unsettled(Ignite ignite) {
        String partitions = partitionsNotOwned(ignite);
        if (partitions != null) {
            return partitions;
        }
        return everyNodeIsPrimarySomewhere(ignite) ? null
                : "a server node is primary for no partition yet (rebalance not finished)";
    }

    /** Which partition the node holds that is not OWNING (still MOVING in, RENTING out, or LOST), or null. */
    private static String partitionsNotOwned(Ignite ignite) {
        CacheGroupContext group = ((IgniteEx) ignite).context().cache().cacheGroup(CU.cacheId(Stores.GROUP));
        if (group == null) {
            return "no cache group " + Stores.GROUP + " yet";
        }
        for (GridDhtLocalPartition p : group.topology().currentLocalPartitions()) {
            if (p.state() != GridDhtPartitionState.OWNING) {
                return "partition " + p.id() + " is " + p.state();
            }
        }
        return null;
    }

    /**
     * Whether the affinity this node uses already gives every server node primary partitions. Ignite keeps the old
     * primaries until the joining nodes have rebalanced every cache group (late affinity assignment), so until then
     * a new node owns nothing although it is in the baseline.
     */
    private static boolean everyNodeIsPrimarySomewhere(Ignite ignite) {
        var affinity = ignite.affinity(Stores.JOURNAL);
        for (var server : ignite.cluster().forServers().nodes()) {
            if (affinity.primaryPartitions(server).length == 0) {
                return false;
            }
        }
        return true;
    }
}
