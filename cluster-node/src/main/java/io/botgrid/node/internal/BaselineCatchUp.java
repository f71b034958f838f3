package io.botgrid.node.internal;

import io.botgrid.actor.internal.MajorityFence;
import io.botgrid.node.StorageConfig;
import io.botgrid.util.DaemonThreads;
import io.botgrid.util.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes into the baseline a running server node that Ignite's automatic adjustment left out.
 *
 * <p>Why: the baseline auto-adjust reacts to topology changes after it is switched on, and on a loaded machine it was
 * seen not to happen at all: a cluster whose nodes started at nearly the same time activated with one node and kept
 * the other two outside the baseline for minutes (reported {@code DRAINED}: they hold no data and serve nothing), and
 * a node that restarted after a freeze stayed outside in the same way. Nothing in Ignite's log said why. So the oldest
 * server node watches: a server node that has stayed outside the baseline for the auto-adjust timeout plus
 * {@link #GRACE} is added, together with every current baseline node (so nothing is ever removed; removing is left to
 * the auto-adjust and to operators). Not while the cluster is inactive, this side holds no majority, or a partition is
 * lost: Ignite does not change the baseline then either, and the lost partitions' owners must come back first.
 */
final class BaselineCatchUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BaselineCatchUp.class);
    /** How much longer than the auto-adjust timeout a node may stay outside before it is added. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final Ignite ignite;
    private final StorageConfig config;
    private final Ticker ticker;
    private final Map<Object, Long> outsideSince = new HashMap<>();
    private volatile DaemonThreads.Repeating rounds = () -> { };

    BaselineCatchUp(Ignite ignite, StorageConfig config, Ticker ticker) {
        this.ignite = ignite;
        this.config = config;
        this.ticker = ticker;
    }

    /** Starts the watch on a daemon thread of its own, one round a second. */
    static BaselineCatchUp start(Ignite ignite, StorageConfig config) {
        BaselineCatchUp watch = new BaselineCatchUp(ignite, config, Ticker.system());
        watch.rounds = DaemonThreads.every("botgrid-baseline-catch-up-" + config.nodeName(), Duration.ofSeconds(1),
                watch::check);
        return watch;
    }

    /** One round; returns the consistent ids it added to the baseline (empty if none). */
    List<Object> check() {
        Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
        ClusterNode oldest = ignite.cluster().forServers().forOldest().node();
        if (!ignite.cluster().state().active() || baseline == null || oldest == null || !oldest.isLocal()) {
            outsideSince.clear();
            return List.of();
        }
        Set<Object> inBaseline = new HashSet<>();
        baseline.forEach(b -> inBaseline.add(b.consistentId()));
        Map<Object, ClusterNode> outside = new HashMap<>();
        for (ClusterNode n : ignite.cluster().forServers().nodes()) {
            if (!inBaseline.contains(n.consistentId())) {
                outside.put(n.consistentId(), n);
            }
        }
        outsideSince.keySet().retainAll(outside.keySet());
        if (outside.isEmpty()) {
            return List.of();
        }
        long now = ticker.nanoTime();
        long limit = config.baselineAutoAdjust().plus(GRACE).toNanos();
        List<ClusterNode> overdue = new ArrayList<>();
        outside.forEach((id, node) -> {
            long since = outsideSince.computeIfAbsent(id, k -> now);
            if (now - since >= limit) {
                overdue.add(node);
            }
        });
        if (overdue.isEmpty() || !MajorityFence.of(ignite).current(ignite).inMajority()
                || !LostPartitions.of(ignite).isEmpty()) {
            return List.of();
        }
        List<BaselineNode> next = new ArrayList<>(baseline);
        next.addAll(overdue);
        List<Object> added = overdue.stream().map(ClusterNode::consistentId).toList();
        LOG.warn("Server nodes {} stayed outside the baseline for longer than the auto-adjust timeout ({}) plus {}: "
                + "adding them", added, config.baselineAutoAdjust(), GRACE);
        // Ignite refuses a manual change while its automatic adjustment is on ("Baseline auto-adjust is enabled,
        // please turn-off it before try to adjust baseline manually"), which is exactly when this watch is needed
        ignite.cluster().baselineAutoAdjustEnabled(false);
        try {
            ignite.cluster().setBaselineTopology(next);
        } finally {
            IgniteSetup.enableAutoAdjust(ignite, config);
        }
        outsideSince.keySet().removeAll(added);
        return added;
    }

    @Override
    public void close() {
        rounds.close();
    }
}
