package io.botgrid.node.internal;

import io.botgrid.actor.ReplicationRefusedException;
import io.botgrid.telemetry.ReplicationMetrics;
import io.botgrid.util.DaemonThreads;
import io.botgrid.workers.cluster.SpecReplica;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the region's worker specs to its standby: every {@code sweep}, on the oldest server node only (the specs are
 * a replicated cache, so any node sees them all), each stored spec (tombstones included) that the standby has not
 * acknowledged in that form. What was acknowledged is remembered in memory only: after a restart, or when another
 * node becomes the oldest, every spec is shipped once more, and the standby, which keeps the higher version, counts
 * them as held already. Specs are few (one per declared group, chain or standalone worker), so that costs little
 * and needs no stored position.
 */
final class SpecShipper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpecShipper.class);

    private final Ignite ignite;
    private final String nodeName;
    private final SpecReplica specs;
    private final Function<List<SpecReplica.Spec>, SpecReplica.Applied> link;
    private final ReplicationMetrics metrics;
    private final BooleanSupplier shipping;
    private final Consumer<ReplicationRefusedException> onFenced;
    private final Duration sweep;
    private final ScheduledExecutorService thread;
    /** The bytes of each spec the standby acknowledged; touched by the shipper's thread only. */
    private final Map<String, byte[]> acknowledged = new HashMap<>();
    private volatile boolean closed;

    SpecShipper(Ignite ignite, String nodeName, SpecReplica specs,
                Function<List<SpecReplica.Spec>, SpecReplica.Applied> link, ReplicationMetrics metrics,
                Duration sweep, BooleanSupplier shipping, Consumer<ReplicationRefusedException> onFenced) {
        this.ignite = ignite;
        this.nodeName = nodeName;
        this.specs = specs;
        this.link = link;
        this.metrics = metrics;
        this.sweep = sweep;
        this.shipping = shipping;
        this.onFenced = onFenced;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("botgrid-spec-shipper-"
                + nodeName));
    }

    void start() {
        thread.scheduleWithFixedDelay(this::shipSafely, 0, sweep.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void shipSafely() {
        if (!shipping.getAsBoolean() || !oldest()) {
            acknowledged.clear(); // the node that ships them now (or this one later) starts over
            return;
        }
        try {
            shipOnce();
        } catch (ReplicationRefusedException e) {
            LOG.error("Node {} stops shipping worker specs: {}", nodeName, e.getMessage());
            onFenced.accept(e);
        } catch (RuntimeException e) {
            metrics.failed(ReplicationMetrics.SPEC);
            if (!closed) {
                LOG.warn("Worker specs of {} not shipped to the standby region (retrying in {} ms): {}", nodeName,
                        sweep.toMillis(), e.toString());
            }
        }
    }

    private void shipOnce() {
        List<SpecReplica.Spec> changed = specs.stored().stream()
                .filter(s -> !Arrays.equals(acknowledged.get(s.id()), s.stored())).toList();
        if (changed.isEmpty()) {
            return;
        }
        link.apply(changed);
        changed.forEach(s -> acknowledged.put(s.id(), s.stored()));
        metrics.shipped(ReplicationMetrics.SPEC, changed.size());
    }

    private boolean oldest() {
        try {
            ClusterNode oldest = ignite.cluster().forServers().forOldest().node();
            return oldest != null && oldest.isLocal();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
    }
}
