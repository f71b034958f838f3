package io.botgrid.node.internal;

import io.botgrid.actor.internal.MajorityFence;
import io.botgrid.util.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a cluster its data back after every copy of some partitions was out of sight, as in a 2+2 split: each half
 * loses the partitions whose copies all sit on the other half, Ignite marks them lost and (policy
 * {@code READ_WRITE_SAFE}) refuses them, and it keeps them lost when the nodes holding them come back, until someone
 * resets them. A reset makes the copies that are present the owners, so it must wait until every copy is present: the
 * watch resets only when every node of the current baseline (the nodes that hold data, which Ignite does not shrink
 * while partitions are lost) is in the topology and this side holds a majority. Then nothing can be missing, and the
 * returned nodes' copies, with every write acknowledged before the split, are adopted instead of empty ones.
 *
 * <p>Runs on the oldest server node only (any node could; one is enough), once a second; a reset that races with a
 * partition map exchange may leave partitions lost, and the next round resets them again.
 */
public final class LostPartitionReset implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LostPartitionReset.class);

    private final Ignite ignite;
    private final String nodeName;
    private volatile DaemonThreads.Repeating rounds = () -> { };

    private LostPartitionReset(Ignite ignite, String nodeName) {
        this.ignite = ignite;
        this.nodeName = nodeName;
    }

    /** Starts the watch on a daemon thread of its own. */
    public static LostPartitionReset start(Ignite ignite, String nodeName) {
        LostPartitionReset watch = new LostPartitionReset(ignite, nodeName);
        watch.rounds = DaemonThreads.every("botgrid-lost-partitions-" + nodeName, Duration.ofSeconds(1),
                watch::check);
        return watch;
    }

    /** One round: resets the lost partitions of every cache if every baseline node is present. */
    void check() {
        if (!ignite.cluster().state().active()) {
            return;
        }
        ClusterNode oldest = ignite.cluster().forServers().forOldest().node();
        if (oldest == null || !oldest.isLocal()) {
            return;
        }
        LostPartitions scan = LostPartitions.of(ignite);
        if (scan.isEmpty()) {
            return;
        }
        List<String> withLost = new ArrayList<>(scan.byCache().keySet());
        int lost = scan.count();
        Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
        Set<Object> present = new HashSet<>();
        for (ClusterNode n : ignite.cluster().forServers().nodes()) {
            present.add(n.consistentId());
        }
        List<Object> missing = baseline == null ? List.of("(no baseline)")
                : baseline.stream().map(BaselineNode::consistentId).filter(id -> !present.contains(id)).toList();
        if (!missing.isEmpty() || !MajorityFence.of(ignite).current(ignite).inMajority()) {
            LOG.debug("{} lost partitions in {}; not reset while baseline nodes {} are away", lost, withLost, missing);
            return;
        }
        LOG.warn("Every baseline node is back: resetting {} lost partitions of {} so that the copies the returned "
                + "nodes hold serve again", lost, withLost);
        ignite.resetLostPartitions(withLost);
    }

    @Override
    public void close() {
        rounds.close();
    }
}
