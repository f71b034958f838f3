package io.botgrid.client.internal;

import io.botgrid.client.Cluster;
import io.botgrid.client.NodeView;
import io.botgrid.client.Placement;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.DrainNodeRequest;
import io.botgrid.proto.v1.GetPlacementRequest;
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
    private final Unary unary;
    private final Duration timeout;
    private final Executor executor;

    public GrpcCluster(Unary unary, Duration timeout, Executor executor) {
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
    public CompletableFuture<List<String>> drain(String nodeId) {
        return unary.call(ClusterServiceGrpc.getDrainNodeMethod(), DrainNodeRequest.newBuilder().setNodeId(nodeId)
                .build(), deadline()).thenApplyAsync(r -> List.copyOf(r.getRemainingList()), executor);
    }
}
