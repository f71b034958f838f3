package io.botgrid.client.internal;

import io.botgrid.client.Cluster;
import io.botgrid.client.NodeView;
import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.Placement;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.DrainNodeRequest;
import io.botgrid.proto.v1.GetPlacementRequest;
import io.botgrid.proto.v1.RegionRole;
import io.botgrid.proto.v1.RegionRoleRequest;
import io.botgrid.proto.v1.ReplicationServiceGrpc;
import io.grpc.MethodDescriptor;
import java.util.Objects;
import io.botgrid.proto.v1.ListNodesRequest;
import io.botgrid.proto.v1.NodeInfo;
import io.grpc.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** {@link Cluster} over the ClusterService. */
public final class GrpcCluster implements Cluster {
    private final Endpoints endpoints;
    private final Unary unary;
    private final Duration timeout;
    private final Executor executor;

    public GrpcCluster(Endpoints endpoints, Unary unary, Duration timeout, Executor executor) {
        this.endpoints = endpoints;
        this.unary = unary;
        this.timeout = timeout;
        this.executor = executor;
    }

    private Deadline deadline() {
        return Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletableFuture<List<NodeView>> nodes() {
        return unary.call(ClusterServiceGrpc.getListNodesMethod(), ListNodesRequest.getDefaultInstance(), deadline())
                .thenApplyAsync(r -> r.getNodesList().stream().map(GrpcCluster::view).toList(), executor);
    }

    private static NodeView view(NodeInfo n) {
        NodeView.Status status = switch (n.getState()) {
            case NODE_STATE_SERVING -> NodeView.Status.SERVING;
            case NODE_STATE_DRAINED -> NodeView.Status.DRAINED;
            case NODE_STATE_INACTIVE -> NodeView.Status.INACTIVE;
            case NODE_STATE_OFFLINE -> NodeView.Status.OFFLINE;
            default -> NodeView.Status.UNKNOWN;
        };
        Instant since = n.hasOfflineSince()
                ? Instant.ofEpochSecond(n.getOfflineSince().getSeconds(), n.getOfflineSince().getNanos()) : null;
        return new NodeView(n.getId(), n.getAddress(), n.getRegion(), n.getZone(), status, n.getActorCount(), since);
    }

    @Override
    public CompletableFuture<Placement> placement(String type, String key) {
        GetPlacementRequest request = GetPlacementRequest.newBuilder().setActorType(type).setActorKey(key).build();
        return unary.call(ClusterServiceGrpc.getGetPlacementMethod(), request, deadline())
                .thenApplyAsync(p -> new Placement(p.getOwner(), p.getBackupsList()), executor);
    }

    @Override
    public CompletableFuture<String> regionRole(String region) {
        return role(ReplicationServiceGrpc.getGetRegionRoleMethod(), region);
    }

    @Override
    public CompletableFuture<String> promoteRegion(String region) {
        return role(ReplicationServiceGrpc.getPromoteRegionMethod(), region);
    }

    @Override
    public CompletableFuture<String> promoteRegion(String region, List<String> standbyEndpoints) {
        return role(ReplicationServiceGrpc.getPromoteRegionMethod(), region, standbyEndpoints)
                .thenApply(RegionRole::getRole);
    }

    @Override
    public CompletableFuture<String> demoteRegion(String region) {
        return role(ReplicationServiceGrpc.getDemoteRegionMethod(), region);
    }

    @Override
    public CompletableFuture<List<String>> setStandby(String region, List<String> endpoints) {
        return role(ReplicationServiceGrpc.getSetStandbyMethod(), region, endpoints)
                .thenApply(r -> List.copyOf(r.getStandbyEndpointsList()));
    }

    private CompletableFuture<String> role(MethodDescriptor<RegionRoleRequest, RegionRole> method, String region) {
        return role(method, region, List.of()).thenApply(RegionRole::getRole);
    }

    /**
     * Sent to {@code region}'s endpoints only (a client of one cluster: to its endpoints); a node of another region
     * refuses to change its own anyway.
     */
    private CompletableFuture<RegionRole> role(MethodDescriptor<RegionRoleRequest, RegionRole> method, String region,
                                                List<String> standbyEndpoints) {
        RegionRoleRequest request = RegionRoleRequest.newBuilder().setRegion(Objects.requireNonNull(region, "region"))
                .addAllStandbyEndpoints(standbyEndpoints).build();
        String route = endpoints.knows(region) ? Endpoints.ONLY + region : region;
        return unary.call(method, request, deadline(), route).thenApplyAsync(r -> {
            if (!r.getRegion().equals(region)) { // no node of the region answered; another region's did
                throw new BotgridException(ErrorCode.UNAVAILABLE, "no node of region " + region + " answered (region "
                        + r.getRegion() + " did)", null);
            }
            return r;
        }, executor);
    }

    @Override
    public CompletableFuture<List<String>> drain(String nodeId) {
        return unary.call(ClusterServiceGrpc.getDrainNodeMethod(), DrainNodeRequest.newBuilder().setNodeId(nodeId)
                .build(), deadline()).thenApplyAsync(r -> List.copyOf(r.getRemainingList()), executor);
    }
}
