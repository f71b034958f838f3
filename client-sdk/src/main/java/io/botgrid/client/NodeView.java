package io.botgrid.client;

import java.time.Instant;

/**
 * A node of the cluster as the SDK reports it.
 *
 * @param id stable node name
 * @param address host:port of its gRPC endpoint
 * @param status serving, drained, inactive or offline
 * @param actorCount live actor activations on it
 * @param offlineSince for an {@link Status#OFFLINE} node, when the answering node first saw it offline; else null
 */
public record NodeView(String id, String address, String region, String zone, Status status, long actorCount,
                       Instant offlineSince) {
    /** A node that is not offline. */
    public NodeView(String id, String address, String region, String zone, Status status, long actorCount) {
        this(id, address, region, zone, status, actorCount, null);
    }

    /** Whether the node serves actors; OFFLINE: a data-holding node that is down (its backups serve its actors). */
    public enum Status { SERVING, DRAINED, INACTIVE, OFFLINE, UNKNOWN }
}
