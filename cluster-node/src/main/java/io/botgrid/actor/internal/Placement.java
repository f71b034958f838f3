package io.botgrid.actor.internal;

import io.botgrid.actor.ActorId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Where actors live: an actor's owner is the primary of its journal partition. Kept apart from the runtime so that
 * every placement question goes through one place, with one answer for a cluster that is inactive or stopping
 * (owning nothing is always the safe answer).
 */
final class Placement {
    private final Ignite ignite;
    private final UUID localNodeId;
    private final Affinity<String> affinity;

    Placement(Ignite ignite, UUID localNodeId) {
        this.ignite = ignite;
        this.localNodeId = localNodeId;
        this.affinity = ignite.affinity(Stores.JOURNAL);
    }

    /**
     * The primary of the actor's partition, or null if none. Through the partition rather than
     * {@code mapKeyToNode}, which builds a map of one key per call: this runs on every routed call.
     */
    ClusterNode ownerOf(String actorKey) {
        return affinity.mapPartitionToNode(affinity.partition(actorKey));
    }

    int partition(String actorKey) {
        return affinity.partition(actorKey);
    }

    boolean ownsPartition(int partition) {
        try {
            ClusterNode primary = affinity.mapPartitionToNode(partition);
            return primary != null && primary.id().equals(localNodeId);
        } catch (RuntimeException e) {
            return false; // cluster inactive or stopping: owning nothing is the safe answer
        }
    }

    boolean ownsKey(String actorKey) {
        return ownsPartition(partition(actorKey));
    }

    /** Whether every copy of the actor's partition is gone (Ignite marked it lost). */
    boolean isPartitionLost(String actorKey) {
        try {
            return Stores.journal(ignite).lostPartitions().contains(affinity.partition(actorKey));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The owner and backup holders of an actor, by Ignite consistent id. */
    List<String> placement(ActorId id) {
        List<String> out = new ArrayList<>();
        for (ClusterNode n : affinity.mapKeyToPrimaryAndBackups(id.asString())) {
            out.add(String.valueOf(n.consistentId()));
        }
        return out;
    }
}
