package io.botgrid.cluster;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One node as the cluster sees it.
 *
 * @param id the node's name (its Ignite consistent id)
 * @param state what it does for the cluster
 * @param region its region attribute, or empty if unknown
 * @param zone its zone attribute, or empty if unknown
 * @param grpcAddress {@code host:port} of its gRPC front, or empty if it has none or it is not known
 * @param offlineSince since when this node has seen it offline; empty unless {@link NodeState#OFFLINE}
 * @param activeActors its live activations; 0 when offline, -1 if it did not answer in time
 */
public record NodeStatus(String id, NodeState state, String region, String zone, String grpcAddress,
                         Optional<Instant> offlineSince, int activeActors) {

    /** Checks that nothing is missing. */
    public NodeStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(grpcAddress, "grpcAddress");
        Objects.requireNonNull(offlineSince, "offlineSince");
    }
}
