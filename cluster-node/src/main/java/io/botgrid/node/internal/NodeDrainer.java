package io.botgrid.node.internal;

import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.cluster.DrainRefusedException;
import io.botgrid.cluster.DrainRefusedException.Reason;
import io.botgrid.cluster.DrainResult;
import io.botgrid.util.DaemonThreads;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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
 * Draining a node ({@link io.botgrid.cluster.ClusterAdmin#drain}): takes a node out of the set of data-holding
 * nodes (Ignite's baseline) after it has handed its actors over.
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

    private final String nodeName;
    private final Supplier<Ignite> ignite;
    private final int backups;
    /** Where the work after the drained node left runs: not on the discovery thread that reports the leave. */
    private final Executor afterLeave;

    NodeDrainer(String nodeName, Supplier<Ignite> ignite, int backups) {
        this.nodeName = nodeName;
        this.ignite = ignite;
        this.backups = backups;
        this.afterLeave = task -> DaemonThreads.start("botgrid-drain-" + nodeName, task);
    }

    /**
     * Drains {@code target}; blocks while it reads the topology (call it off a transport thread).
     *
     * @param wait how long to wait for the target to leave
     */
    CompletableFuture<DrainResult> drain(String target, Duration wait) {
        Ignite ignite = this.ignite.get();
        if (ignite == null) {
            throw new ClusterUnavailableException("node " + nodeName + " has not joined its cluster yet");
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
            throw new DrainRefusedException(Reason.UNKNOWN_NODE, "no node '" + target + "' in the cluster; nodes: "
                    + ids(cluster.forServers().nodes()));
        }
        List<String> remaining = baseline.stream().map(NodeDrainer::id).filter(id -> !id.equals(target)).sorted()
                .toList();
        DrainResult done = new DrainResult(remaining, false);
        if (!holdsData) {
            return CompletableFuture.completedFuture(done); // joined outside the baseline: holds nothing
        }
        if (remaining.isEmpty()) {
            throw failedPrecondition("node " + target + " is the last node holding data: draining it would leave "
                    + "the actors nowhere");
        }
        if (backups == 0) {
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
            return CompletableFuture.completedFuture(new DrainResult(remaining, true));
        }
        CompletableFuture<Void> left = whenLeft(ignite, leaving.id());
        Boolean started = ignite.compute(cluster.forNode(leaving)).withTimeout(10_000).call(new DrainJob());
        if (!Boolean.TRUE.equals(started)) {
            throw failedPrecondition("node " + target + " runs no Botgrid node to drain");
        }
        LOG.info("Node {} drains on request through node {}: waiting for it to leave", target, nodeName);
        return left.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((ignored, error) -> {
                    if (error != null) {
                        throw new DrainRefusedException(error instanceof TimeoutException ? Reason.TIMED_OUT
                                : Reason.NOT_CONFIRMED, "node " + target + " did not leave within "
                                + wait.toMillis() + " ms; it goes on stopping and leaves the data-holding nodes "
                                + "when it has");
                    }
                    removeFromBaseline(ignite.cluster(), target);
                    LOG.info("Node {} drained: data now on {}", target, remaining);
                    return done;
                }, afterLeave);
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

    private static DrainRefusedException failedPrecondition(String message) {
        return new DrainRefusedException(Reason.UNSAFE, message);
    }
}
