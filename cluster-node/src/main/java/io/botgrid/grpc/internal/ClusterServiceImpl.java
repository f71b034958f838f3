package io.botgrid.grpc.internal;

import com.google.protobuf.Timestamp;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.internal.Departures;
import io.botgrid.node.internal.IgniteSetup;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.DrainNodeRequest;
import io.botgrid.proto.v1.DrainNodeResponse;
import io.botgrid.proto.v1.GetPlacementRequest;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCluster;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code botgrid.v1.ClusterService}: the nodes, an actor's placement, and draining a node. Ignite operations that may
 * wait on the cluster run on the front's I/O executor, never on a transport thread.
 */
public final class ClusterServiceImpl extends ClusterServiceGrpc.ClusterServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterServiceImpl.class);
    /** How long ListNodes waits for a node's actor count before reporting -1 for it. */
    private static final long STATS_TIMEOUT_MILLIS = 2_000;

    /** How long a drain waits for the node to leave when the caller set no deadline. */
    private static final Duration DEFAULT_DRAIN_WAIT = Duration.ofSeconds(60);

    private final BotgridNode node;
    private final TypeCatalog catalog;
    private final Executor io;
    private final NodeDrainer drainer;

    ClusterServiceImpl(BotgridNode node, TypeCatalog catalog, Executor io) {
        this.node = node;
        this.catalog = catalog;
        this.io = io;
        this.drainer = new NodeDrainer(node, io);
    }

    // ---------------------------------------------------------------- ListNodes

    @Override
    public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> responses) {
        ServerCallStreamObserver<ListNodesResponse> observer = (ServerCallStreamObserver<ListNodesResponse>) responses;
        observer.setOnCancelHandler(() -> { });
        onIo(observer, () -> {
            Ignite ignite = joinedIgnite();
            IgniteCluster cluster = ignite.cluster();
            boolean active = cluster.state().active();
            Collection<BaselineNode> baseline = cluster.currentBaselineTopology();
            Set<String> dataNodes = baseline == null ? Set.of()
                    : baseline.stream().map(n -> String.valueOf(n.consistentId())).collect(Collectors.toSet());
            List<ClusterNode> servers = new ArrayList<>(cluster.forServers().nodes());
            Set<String> live = servers.stream().map(n -> String.valueOf(n.consistentId()))
                    .collect(Collectors.toSet());
            List<NodeInfo> offline = new ArrayList<>();
            if (baseline != null) {
                Departures departures = IgniteSetup.departures(ignite);
                for (BaselineNode b : baseline) {
                    String id = String.valueOf(b.consistentId());
                    if (!live.contains(id)) {
                        offline.add(offlineNode(b, id, departures.offlineSince(id)));
                    }
                }
            }
            List<CompletableFuture<Integer>> counts = new ArrayList<>();
            for (ClusterNode n : servers) {
                counts.add(actorCount(ignite, n));
            }
            CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).whenCompleteAsync((ignored, e) -> {
                try {
                    reply(observer, nodes(servers, counts, active, dataNodes, offline));
                } catch (RuntimeException failure) {
                    fail(observer, failure);
                }
            }, io);
        });
    }

    private static ListNodesResponse nodes(List<ClusterNode> servers, List<CompletableFuture<Integer>> counts,
                                           boolean active, Set<String> dataNodes, List<NodeInfo> offline) {
        List<NodeInfo> all = new ArrayList<>(offline);
        for (int i = 0; i < servers.size(); i++) {
            ClusterNode n = servers.get(i);
            String id = String.valueOf(n.consistentId());
            all.add(NodeInfo.newBuilder()
                    .setId(id)
                    .setAddress(grpcAddress(n))
                    .setRegion(attribute(n, IgniteSetup.REGION_ATTRIBUTE))
                    .setZone(attribute(n, IgniteSetup.ZONE_ATTRIBUTE))
                    .setState(!active ? NodeState.NODE_STATE_INACTIVE
                            : dataNodes.contains(id) ? NodeState.NODE_STATE_SERVING
                            : NodeState.NODE_STATE_DRAINED)
                    .setActorCount(counts.get(i).join())
                    .build());
        }
        all.sort(Comparator.comparing(NodeInfo::getId));
        return ListNodesResponse.newBuilder().addAllNodes(all).build();
    }

    /**
     * A baseline node that is not running: its attributes as the baseline remembers them (the region and zone, and
     * the gRPC address it last had, when known), no actors, and since when this node has seen it offline.
     */
    private static NodeInfo offlineNode(BaselineNode b, String id, Instant since) {
        String host = attribute(b, IgniteSetup.GRPC_HOST_ATTRIBUTE);
        String port = attribute(b, IgniteSetup.GRPC_PORT_ATTRIBUTE);
        return NodeInfo.newBuilder()
                .setId(id)
                .setAddress(host.isEmpty() || port.isEmpty() || isWildcard(host) ? ""
                        : (host.contains(":") ? "[" + host + "]" : host) + ":" + port)
                .setRegion(attribute(b, IgniteSetup.REGION_ATTRIBUTE))
                .setZone(attribute(b, IgniteSetup.ZONE_ATTRIBUTE))
                .setState(NodeState.NODE_STATE_OFFLINE)
                .setActorCount(0)
                .setOfflineSince(Timestamp.newBuilder().setSeconds(since.getEpochSecond()).setNanos(since.getNano()))
                .build();
    }

    /** The node's live activations; -1 if it did not answer in time. Never fails. */
    private static CompletableFuture<Integer> actorCount(Ignite ignite, ClusterNode n) {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        try {
            IgniteFuture<Integer> f = ignite.compute(ignite.cluster().forNode(n)).withTimeout(STATS_TIMEOUT_MILLIS)
                    .callAsync(new NodeStatsJob());
            f.listen(done -> {
                try {
                    Integer value = done.get();
                    count.complete(value == null ? -1 : value);
                } catch (RuntimeException e) {
                    count.complete(-1);
                }
            });
        } catch (RuntimeException e) {
            count.complete(-1);
        }
        return count;
    }

    /** {@code host:port} of the node's gRPC front; a wildcard host is replaced by one of the node's addresses. */
    private static String grpcAddress(ClusterNode n) {
        Object port = n.attribute(IgniteSetup.GRPC_PORT_ATTRIBUTE);
        if (port == null) {
            return "";
        }
        String host = attribute(n, IgniteSetup.GRPC_HOST_ATTRIBUTE); // not String.valueOf(n.attribute(..)): T = char[]
        if (isWildcard(host)) {
            host = n.addresses().stream().filter(a -> !a.startsWith("127.") && !a.equals("0:0:0:0:0:0:0:1"))
                    .findFirst().orElse(n.addresses().isEmpty() ? host : n.addresses().iterator().next());
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static String attribute(BaselineNode n, String name) {
        Object value = n.attribute(name);
        return value == null ? "" : value.toString();
    }

    // ---------------------------------------------------------------- GetPlacement

    @Override
    public void getPlacement(GetPlacementRequest request, StreamObserver<Placement> responses) {
        Placement placement;
        try {
            ActorId id = ActorServiceImpl.actorId(request.getActorType(), request.getActorKey());
            if (catalog.find(id.type()).isEmpty()) {
                throw Status.NOT_FOUND.withDescription("no actor type '" + id.type() + "' is registered on node "
                        + node.name() + "; known types: " + catalog.knownTypes()).asRuntimeException();
            }
            List<String> nodes = node.placement(id);
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
        onIo(observer, () -> drainer.drain(target, wait).whenCompleteAsync((outcome, error) -> {
            if (error != null) {
                fail(observer, error);
                return;
            }
            reply(observer, outcome.response());
            if (outcome.stopThisNode()) {
                DrainJob.stopLater(node);
            }
        }, io));
    }

    // ---------------------------------------------------------------- helpers

    private Ignite joinedIgnite() {
        Ignite ignite = node.ignite();
        if (ignite == null) {
            throw new ClusterUnavailableException("node " + node.name() + " has not joined its cluster yet");
        }
        return ignite;
    }

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
            observer.onError(Status.UNAVAILABLE.withDescription("node " + node.name() + " is stopping")
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
