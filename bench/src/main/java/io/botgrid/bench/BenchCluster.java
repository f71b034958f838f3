package io.botgrid.bench;

import io.botgrid.actor.internal.RuntimeSettings.TransportKind;
import io.botgrid.actor.internal.Stores;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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
     * Starts a cluster of {@code nodes} nodes and waits until every node is in the baseline and owns partitions.
     *
     * @param onChild told about every child process as soon as it is launched, so it can be killed on any exit
     */
    static BenchCluster start(Path root, String label, int nodes, NodeConfig.WalMode wal, TransportKind transport,
                              int dataRegionMb, int journalMaxInFlight, String childHeap,
                              Consumer<ChildNode> onChild)
            throws TimeoutException {
        int base = Ports.freeRange(2 * (BenchNodeConfig.PORT_RANGE + 1));
        int communication = base + BenchNodeConfig.PORT_RANGE + 1;
        BenchNodeConfig first = new BenchNodeConfig(label + "-1", root.resolve(label + "-1"), base, communication,
                wal, transport, dataRegionMb, journalMaxInFlight, false);
        BotgridNode local = BotgridNode.builder().config(first.toNodeConfig()).actorTypes(BenchTypes.create())
                .start();
        List<ChildNode> children = new ArrayList<>();
        BenchCluster cluster = new BenchCluster(local, children);
        try {
            local.awaitReady(Duration.ofMinutes(1));
            for (int i = 2; i <= nodes; i++) {
                BenchNodeConfig c = new BenchNodeConfig(label + "-" + i, root.resolve(label + "-" + i), base,
                        communication, wal, transport, dataRegionMb, journalMaxInFlight, true);
                ChildNode child = ChildNode.start(c, childHeap);
                children.add(child);
                onChild.accept(child);
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
        Affinity<Object> affinity = ignite.affinity(Stores.JOURNAL);
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

    /** CPU time of each node so far, node 1 (the driver's JVM, driver included) first; -1 where unknown. */
    long[] cpuNanos() {
        long[] out = new long[size()];
        out[0] = Jvm.processCpuNanos();
        for (int i = 0; i < children.size(); i++) {
            out[i + 1] = children.get(i).cpuTime().map(Duration::toNanos).orElse(-1L);
        }
        return out;
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
