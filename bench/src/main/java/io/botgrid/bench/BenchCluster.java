package io.botgrid.bench;

import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;

/**
 * A fresh benchmark cluster on 127.0.0.1 with its own port range and data folders: node 1 runs in the driver's JVM
 * (the driver calls through it), the other nodes in child JVMs.
 */
final class BenchCluster implements AutoCloseable {
    private final BotgridNode local;
    private final List<ChildNode> children;

    private BenchCluster(BotgridNode local, List<ChildNode> children) {
        this.local = local;
        this.children = children;
    }

    /**
     * Starts a cluster of {@code nodes} nodes named {@code label-1}… and waits until every node is in the baseline
     * and owns partitions. Child processes are registered with {@code context} as soon as they are launched.
     */
    static BenchCluster start(BenchContext context, String label, int nodes, NodeConfig.WalMode wal,
                              Transport transport) throws TimeoutException {
        return start(context, label, nodes, wal, transport, OpenTelemetry.noop());
    }

    /** As {@link #start(BenchContext, String, int, NodeConfig.WalMode, Transport)}, node 1 tracing into {@code otel}. */
    static BenchCluster start(BenchContext context, String label, int nodes, NodeConfig.WalMode wal,
                              Transport transport, OpenTelemetry otel) throws TimeoutException {
        int ports = BenchNodeConfig.freePorts();
        BenchNodeConfig first = context.node(label, 1, ports, wal, transport, false);
        BotgridNode local = BotgridNode.builder().config(first.toNodeConfig()).actorTypes(BenchTypes.create())
                .openTelemetry(otel).start();
        List<ChildNode> children = new ArrayList<>();
        BenchCluster cluster = new BenchCluster(local, children);
        try {
            local.awaitReady(Duration.ofMinutes(1));
            for (int i = 2; i <= nodes; i++) {
                ChildNode child = context.startChild(context.node(label, i, ports, wal, transport, true), List.of());
                children.add(child);
                child.awaitReady(Duration.ofMinutes(2));
            }
            cluster.awaitStable(Duration.ofMinutes(1));
            return cluster;
        } catch (RuntimeException | TimeoutException e) {
            cluster.close();
            throw e;
        }
    }

    BotgridNode local() {
        return local;
    }

    Ignite ignite() {
        return local.ignite();
    }

    List<ChildNode> children() {
        return children;
    }

    int size() {
        return 1 + children.size();
    }

    /**
     * Waits until all nodes are servers of the cluster and of its baseline, and the actor partitions have their
     * primaries spread over all nodes and their backups in place (rebalancing and affinity switch done).
     */
    void awaitStable(Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int n = size();
        while (!isStable(n)) {
            for (ChildNode c : children) {
                if (!c.isAlive()) {
                    throw new IllegalStateException("a node process died; the end of its log:\n" + c.logTail(40));
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("the cluster of " + n + " nodes did not settle within " + timeout);
            }
            sleep(100);
        }
        sleep(500); // let the last partition map exchange messages settle
    }

    private boolean isStable(int n) {
        return isStable(local.ignite(), n);
    }

    /**
     * Whether {@code ignite} sees {@code n} server nodes, all in the active baseline, with every actor partition on
     * {@code min(n, 2)} nodes and primary partitions on every node. Also used by a child node that must not report
     * ready before the cluster it joined has settled (W3, where no node runs in the driver).
     */
    static boolean isStable(Ignite ignite, int n) {
        Collection<ClusterNode> servers = ignite.cluster().forServers().nodes();
        var baseline = ignite.cluster().currentBaselineTopology();
        if (servers.size() != n || baseline == null || baseline.size() != n || !ignite.cluster().state().active()) {
            return false;
        }
        Affinity<Object> affinity = BenchInternals.journalAffinity(ignite);
        int copies = Math.min(n, 2);
        for (int p = 0; p < affinity.partitions(); p++) {
            if (affinity.mapPartitionToPrimaryAndBackups(p).size() != copies) {
                return false;
            }
        }
        for (ClusterNode node : servers) {
            if (affinity.primaryPartitions(node).length == 0) {
                return false;
            }
        }
        return true;
    }

    /** Stops the child nodes, then the local one. Waits for each. */
    @Override
    public void close() {
        for (ChildNode c : children) {
            try {
                c.close();
            } catch (RuntimeException e) {
                c.kill();
            }
        }
        local.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
