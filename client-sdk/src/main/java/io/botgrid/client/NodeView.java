package io.botgrid.client;

/**
 * A node of the cluster as the SDK reports it.
 *
 * @param id stable node name
 * @param address host:port of its gRPC endpoint
 * @param status serving, drained or inactive
 * @param actorCount live actor activations on it
 */
public record NodeView(String id, String address, String region, String zone, Status status, long actorCount) {
    /** Whether the node serves actors. */
    public enum Status { SERVING, DRAINED, INACTIVE, UNKNOWN }
}
