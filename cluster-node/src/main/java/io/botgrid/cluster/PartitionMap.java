package io.botgrid.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Which node owns each partition of the actors' data, by the gRPC endpoint of its front: what a client needs to send
 * an actor call straight to its owner. A snapshot; ownership may have moved by the time it is used, which costs the
 * call one forwarding hop, never a wrong answer.
 *
 * @param topologyVersion the cluster topology version it was read at
 * @param owners for each partition, in order, the owner's {@code host:port}; empty when no node owns it or its owner
 *               has no gRPC front
 */
public record PartitionMap(long topologyVersion, List<String> owners) {

    /** Copies the owners. */
    public PartitionMap {
        owners = List.copyOf(Objects.requireNonNull(owners, "owners"));
    }

    /** The number of partitions. */
    public int partitionCount() {
        return owners.size();
    }
}
