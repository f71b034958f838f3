package io.botgrid.grpc.internal;

import com.google.protobuf.Timestamp;
import io.botgrid.actor.ActorId;
import io.botgrid.audit.AuditLog;
import io.botgrid.audit.AuditPage;
import io.botgrid.audit.AuditQuery;
import io.botgrid.cluster.ClusterAdmin;
import io.botgrid.cluster.NodeStatus;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.DrainNodeRequest;
import io.botgrid.proto.v1.DrainNodeResponse;
import io.botgrid.proto.v1.GetPartitionMapRequest;
import io.botgrid.proto.v1.GetPlacementRequest;
import io.botgrid.proto.v1.ListAuditEntriesRequest;
import io.botgrid.proto.v1.ListAuditEntriesResponse;
import io.botgrid.proto.v1.PartitionMap;
import java.util.HashMap;
import java.util.Map;
import io.botgrid.proto.v1.ListNodesRequest;
import io.botgrid.proto.v1.ListNodesResponse;
import io.botgrid.proto.v1.NodeInfo;
import io.botgrid.proto.v1.NodeState;
import io.botgrid.proto.v1.Placement;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code botgrid.v1.ClusterService}: the nodes, an actor's placement, and draining a node, through the node's
 * {@link ClusterAdmin} port; the audit log through its {@link AuditLog} port. Operations that may wait on the cluster run on the front's I/O executor, never on a
 * transport thread.
 */
public final class ClusterServiceImpl extends ClusterServiceGrpc.ClusterServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterServiceImpl.class);
    /** How long a drain waits for the node to leave when the caller set no deadline. */
    private static final Duration DEFAULT_DRAIN_WAIT = Duration.ofSeconds(60);

    private final ClusterAdmin admin;
    private final TypeCatalog catalog;
    private final Executor io;
    private final AuditLog audit;

    ClusterServiceImpl(ClusterAdmin admin, TypeCatalog catalog, Executor io, AuditLog audit) {
        this.admin = admin;
        this.catalog = catalog;
        this.io = io;
        this.audit = audit;
    }

    // ---------------------------------------------------------------- ListNodes

    @Override
    public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> responses) {
        ServerCallStreamObserver<ListNodesResponse> observer = (ServerCallStreamObserver<ListNodesResponse>) responses;
        observer.setOnCancelHandler(() -> { });
        onIo(observer, () -> admin.nodes().whenCompleteAsync((nodes, error) -> {
            if (error != null) {
                fail(observer, error);
                return;
            }
            try {
                reply(observer, ListNodesResponse.newBuilder()
                        .addAllNodes(nodes.stream().map(ClusterServiceImpl::nodeInfo).toList()).build());
            } catch (RuntimeException failure) {
                fail(observer, failure);
            }
        }, io));
    }

    private static NodeInfo nodeInfo(NodeStatus n) {
        NodeInfo.Builder b = NodeInfo.newBuilder()
                .setId(n.id())
                .setAddress(n.grpcAddress())
                .setRegion(n.region())
                .setZone(n.zone())
                .setState(switch (n.state()) {
                    case SERVING -> NodeState.NODE_STATE_SERVING;
                    case DRAINED -> NodeState.NODE_STATE_DRAINED;
                    case INACTIVE -> NodeState.NODE_STATE_INACTIVE;
                    case OFFLINE -> NodeState.NODE_STATE_OFFLINE;
                })
                .setActorCount(n.activeActors());
        n.offlineSince().ifPresent(since -> b.setOfflineSince(timestamp(since)));
        return b.build();
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    // ---------------------------------------------------------------- GetPlacement

    @Override
    public void getPlacement(GetPlacementRequest request, StreamObserver<Placement> responses) {
        Placement placement;
        try {
            ActorId id = ActorServiceImpl.actorId(request.getActorType(), request.getActorKey());
            if (catalog.find(id.type()).isEmpty()) {
                throw Status.NOT_FOUND.withDescription("no actor type '" + id.type() + "' is registered on node "
                        + admin.nodeName() + "; known types: " + catalog.knownTypes()).asRuntimeException();
            }
            List<String> nodes = admin.placement(id);
            if (nodes.isEmpty()) {
                throw Status.UNAVAILABLE.withDescription("no node holds the partition of " + id + " now")
                        .asRuntimeException();
            }
            placement = Placement.newBuilder().setOwner(nodes.get(0)).addAllBackups(nodes.subList(1, nodes.size()))
                    .build();
        } catch (RuntimeException e) {
            responses.onError(Statuses.of(e).asRuntimeException());
            return;
        }
        responses.onNext(placement);
        responses.onCompleted();
    }

    // ---------------------------------------------------------------- GetPartitionMap

    /** Answered on the transport thread: the map is read from the local affinity, without waiting on the cluster. */
    @Override
    public void getPartitionMap(GetPartitionMapRequest request, StreamObserver<PartitionMap> responses) {
        PartitionMap answer;
        try {
            io.botgrid.cluster.PartitionMap map = admin.partitionMap();
            PartitionMap.Builder b = PartitionMap.newBuilder().setTopologyVersion(map.topologyVersion())
                    .setPartitionCount(map.partitionCount());
            Map<String, Integer> indexes = new HashMap<>();
            for (String owner : map.owners()) {
                if (owner.isEmpty()) {
                    b.addOwners(-1);
                    continue;
                }
                Integer index = indexes.get(owner);
                if (index == null) {
                    index = indexes.size();
                    indexes.put(owner, index);
                    b.addEndpoints(owner);
                }
                b.addOwners(index);
            }
            answer = b.build();
        } catch (RuntimeException e) {
            responses.onError(Statuses.of(e).asRuntimeException());
            return;
        }
        responses.onNext(answer);
        responses.onCompleted();
    }

    // ---------------------------------------------------------------- DrainNode

    @Override
    public void drainNode(DrainNodeRequest request, StreamObserver<DrainNodeResponse> responses) {
        ServerCallStreamObserver<DrainNodeResponse> observer = (ServerCallStreamObserver<DrainNodeResponse>) responses;
        observer.setOnCancelHandler(() -> { });
        String target = request.getNodeId();
        if (target.isBlank()) {
            observer.onError(ActorServiceImpl.invalid("node_id is required"));
            return;
        }
        Deadline deadline = Context.current().getDeadline(); // read here: the I/O thread has no call context
        Duration wait = deadline == null ? DEFAULT_DRAIN_WAIT
                : Duration.ofMillis(Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS) * 9 / 10));
        onIo(observer, () -> admin.drain(target, wait).whenCompleteAsync((outcome, error) -> {
            if (error != null) {
                fail(observer, error);
                return;
            }
            reply(observer, DrainNodeResponse.newBuilder().addAllRemaining(outcome.remaining()).build());
            if (outcome.stopsThisNode()) {
                admin.stopThisNodeLater();
            }
        }, io));
    }

    // ---------------------------------------------------------------- ListAuditEntries

    @Override
    public void listAuditEntries(ListAuditEntriesRequest request,
                                 StreamObserver<ListAuditEntriesResponse> responses) {
        ServerCallStreamObserver<ListAuditEntriesResponse> observer =
                (ServerCallStreamObserver<ListAuditEntriesResponse>) responses;
        observer.setOnCancelHandler(() -> { });
        AuditQuery query;
        try {
            query = AuditRequests.query(request);
        } catch (IllegalArgumentException e) {
            observer.onError(ActorServiceImpl.invalid(e.getMessage()));
            return;
        }
        onIo(observer, () -> {
            AuditPage page;
            try {
                page = audit.list(query);
            } catch (IllegalArgumentException e) {
                fail(observer, ActorServiceImpl.invalid(e.getMessage()));
                return;
            } catch (IllegalStateException e) {
                fail(observer, Status.UNAVAILABLE.withDescription("the audit log cannot be read on node "
                        + admin.nodeName() + " now: " + e.getMessage()).asRuntimeException());
                return;
            }
            reply(observer, AuditRequests.response(page));
        });
    }

    // ---------------------------------------------------------------- helpers

    /** Runs the work on the I/O executor; any failure becomes the call's status. */
    private <T> void onIo(ServerCallStreamObserver<T> observer, Runnable work) {
        try {
            io.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    fail(observer, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            observer.onError(Status.UNAVAILABLE.withDescription("node " + admin.nodeName() + " is stopping")
                    .asRuntimeException());
        }
    }

    private static <T> void reply(ServerCallStreamObserver<T> observer, T value) {
        send(observer, o -> {
            o.onNext(value);
            o.onCompleted();
        });
    }

    private static <T> void fail(ServerCallStreamObserver<T> observer, Throwable error) {
        Status status = Statuses.of(error);
        send(observer, o -> o.onError(status.asRuntimeException()));
    }

    private static <T> void send(ServerCallStreamObserver<T> observer, Consumer<ServerCallStreamObserver<T>> action) {
        if (observer.isCancelled()) {
            return;
        }
        try {
            action.accept(observer);
        } catch (IllegalStateException | StatusRuntimeException e) {
            LOG.debug("Answer not sent: the call ended meanwhile ({})", e.getMessage());
        }
    }
}
