package io.botgrid.grpc.internal;

import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.node.BotgridNode;
import io.botgrid.proto.v1.DrainNodeResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCluster;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ClusterService.DrainNode}: takes a node out of the set of data-holding nodes (Ignite's baseline) after it
 * has handed its actors over.
 *
 * <p>Ignite 2 refuses to remove an <em>online</em> node from the baseline, so a drain stops the node gracefully
 * first (its gRPC calls in flight finish, its turns finish, its actors are passivated and released, it leaves), then
 * removes it from the baseline so that its partitions are copied again onto the others at once. The drained node's
 * data still has its backup copies meanwhile; hence a drain is refused with {@code backups: 0}, and while another
 * data node is offline. A node asked to drain itself answers first and stops right after; the baseline then follows
 * through baseline auto-adjust.
 */
final class NodeDrainer {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDrainer.class);

    /** The answer, and whether this node must stop once it is sent (it was asked to drain itself). */
    record Outcome(DrainNodeResponse response, boolean stopThisNode) {
    }

    private final BotgridNode node;
    private final Executor io;

    NodeDrainer(BotgridNode node, Executor io) {
        this.node = node;
        this.io = io;
    }

    /**
     * Drains {@code target}; runs on the I/O executor and completes there.
     *
     * @param wait how long to wait for the target to leave
     */
    CompletableFuture<Outcome> drain(String target, Duration wait) {
        Ignite ignite = node.ignite();
        if (ignite == null) {
            throw new ClusterUnavailableException("node " + node.name() + " has not joined its cluster yet");
        }
        IgniteCluster cluster = ignite.cluster();
        if (!cluster.state().active()) {
            throw failedPrecondition("the cluster is not active: nothing to drain " + target + " from");
        }
        List<BaselineNode> baseline = baseline(cluster);
        Optional<ClusterNode> online = cluster.forServers().nodes().stream()
                .filter(n -> target.equals(id(n))).findFirst();
        boolean holdsData = baseline.stream().anyMatch(n -> target.equals(id(n)));
        if (online.isEmpty() && !holdsData) {
            throw Status.NOT_FOUND.withDescription("no node '" + target + "' in the cluster; nodes: "
                    + ids(cluster.forServers().nodes())).asRuntimeException();
        }
        List<String> remaining = baseline.stream().map(NodeDrainer::id).filter(id -> !id.equals(target)).sorted()
                .toList();
        Outcome done = new Outcome(DrainNodeResponse.newBuilder().addAllRemaining(remaining).build(), false);
        if (!holdsData) {
            return CompletableFuture.completedFuture(done); // joined outside the baseline: holds nothing
        }
        if (remaining.isEmpty()) {
            throw failedPrecondition("node " + target + " is the last node holding data: draining it would leave "
                    + "the actors nowhere");
        }
        if (node.config().backups() == 0) {
            throw failedPrecondition("with backups: 0 the data of node " + target + " has no other copy: a drain "
                    + "would lose it");
        }
        List<String> offline = remaining.stream()
                .filter(id -> cluster.forServers().nodes().stream().noneMatch(n -> id.equals(id(n)))).toList();
        if (!offline.isEmpty()) {
            throw failedPrecondition("data node(s) " + offline + " are offline: draining " + target + " now could "
                    + "lose the partitions whose other copy is there; bring them back or remove them first");
        }
        if (online.isEmpty()) {
            removeFromBaseline(cluster, target); // an offline node: nothing to hand over
            return CompletableFuture.completedFuture(done);
        }
        ClusterNode leaving = online.get();
        if (leaving.isLocal()) {
            LOG.info("Node {} drains itself on request: it stops once it has answered", target);
            return CompletableFuture.completedFuture(new Outcome(done.response(), true));
        }
        CompletableFuture<Void> left = whenLeft(ignite, leaving.id());
        Boolean started = ignite.compute(cluster.forNode(leaving)).withTimeout(10_000).call(new DrainJob());
        if (!Boolean.TRUE.equals(started)) {
            throw failedPrecondition("node " + target + " runs no Botgrid node to drain");
        }
        LOG.info("Node {} drains on request through node {}: waiting for it to leave", target, node.name());
        return left.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((ignored, error) -> {
                    if (error != null) {
                        throw (error instanceof TimeoutException ? Status.DEADLINE_EXCEEDED : Status.UNAVAILABLE)
                                .withDescription("node " + target + " did not leave within " + wait.toMillis()
                                        + " ms; it goes on stopping and leaves the data-holding nodes when it has")
                                .asRuntimeException();
                    }
                    removeFromBaseline(ignite.cluster(), target);
                    LOG.info("Node {} drained: data now on {}", target, remaining);
                    return done;
                }, io);
    }

    /** Completes when the node leaves this node's view of the cluster (or is already gone). */
    private static CompletableFuture<Void> whenLeft(Ignite ignite, UUID nodeId) {
        CompletableFuture<Void> left = new CompletableFuture<>();
        IgnitePredicate<DiscoveryEvent> listener = event -> {
            if (event.eventNode().id().equals(nodeId)) {
                left.complete(null);
                return false; // stop listening
            }
            return !left.isDone();
        };
        ignite.events().localListen(listener, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
        if (ignite.cluster().node(nodeId) == null) {
            left.complete(null);
        }
        left.whenComplete((v, e) -> ignite.events().stopLocalListen(listener));
        return left;
    }

    /**
     * Removes an offline node from the baseline now, rather than after the auto-adjust delay; auto-adjust is
     * paused for the change (Ignite refuses a manual change while it is on) and restored after.
     */
    private static void removeFromBaseline(IgniteCluster cluster, String target) {
        List<BaselineNode> current = baseline(cluster);
        if (current.stream().noneMatch(n -> target.equals(id(n)))) {
            return; // auto-adjust already did it
        }
        boolean auto = cluster.isBaselineAutoAdjustEnabled();
        if (auto) {
            cluster.baselineAutoAdjustEnabled(false);
        }
        try {
            cluster.setBaselineTopology(current.stream().filter(n -> !target.equals(id(n))).toList());
        } finally {
            if (auto) {
                cluster.baselineAutoAdjustEnabled(true);
            }
        }
    }

    private static List<BaselineNode> baseline(IgniteCluster cluster) {
        Collection<BaselineNode> b = cluster.currentBaselineTopology();
        return b == null ? List.of() : List.copyOf(b);
    }

    private static String id(BaselineNode n) {
        return String.valueOf(n.consistentId());
    }

    private static List<String> ids(Collection<? extends BaselineNode> nodes) {
        return nodes.stream().map(NodeDrainer::id).sorted().toList();
    }

    private static io.grpc.StatusRuntimeException failedPrecondition(String message) {
        return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
    }
}
