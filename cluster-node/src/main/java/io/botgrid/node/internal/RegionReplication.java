package io.botgrid.node.internal;

import io.botgrid.actor.JournalReplica;
import io.botgrid.actor.internal.ActorRuntime;
import io.botgrid.actor.internal.Divergence;
import io.botgrid.actor.internal.JournalResync;
import io.botgrid.actor.internal.JournalShipper;
import io.botgrid.actor.internal.ReplicaWriter;
import io.botgrid.cluster.RegionAdmin;
import io.botgrid.telemetry.ReplicationMetrics;
import io.botgrid.util.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in replication between regions, wired in one place: the region's {@link RegionRole} (enforced on
 * this node's journal); as a source, the {@link JournalShipper} to the standby's endpoints ({@link StandbyTarget}:
 * set at run time, else {@code standbyEndpoints}), started the first time there are some, which ships only while the
 * region is the home of its actors; as a standby, the {@link ReplicaWriter} the gRPC front's
 * {@code ReplicationService} writes through, behind the role's check, and the {@link JournalResync} run each time
 * the region becomes a standby (a demotion) or starts as one.
 */
public final class RegionReplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionReplication.class);
    /** How often each node compares its actors' journal heads with what the standby acknowledged. */
    private static final Duration SWEEP = Duration.ofSeconds(1);
    /** Deadline of one shipment. */
    private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(10);

    /** How long a failed re-synchronisation waits before it runs again. */
    private static final Duration RESYNC_RETRY = Duration.ofSeconds(5);

    private final Ignite ignite;
    private final String nodeName;
    private final String region;
    private final ReplicationMetrics metrics;
    private final ScheduledExecutorService work;
    private final JournalResync resync;
    private volatile JournalShipper shipper;
    private volatile JournalReplica replica;
    private volatile RegionRole role;
    private volatile StandbyTarget target;
    private volatile boolean closed;

    private RegionReplication(Ignite ignite, String nodeName, String region, ReplicationMetrics metrics,
                              Divergence divergence) {
        this.ignite = ignite;
        this.nodeName = nodeName;
        this.region = region;
        this.metrics = metrics;
        this.resync = new JournalResync(ignite, nodeName, divergence);
        this.work = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("botgrid-region-" + nodeName));
    }

    /**
     * Starts the node's replication once its runtime runs.
     *
     * @param standbyEndpoints the standby region's gRPC endpoints while none are set at run time; empty: none
     * @param standbyTokenFile the standby's bearer token file, or null
     */
    public static RegionReplication start(Ignite ignite, ActorRuntime runtime, String nodeName, String region,
                                          List<String> standbyEndpoints, Path standbyTokenFile,
                                          ReplicationMetrics metrics) {
        Divergence divergence = new Divergence(ignite, metrics);
        RegionReplication r = new RegionReplication(ignite, nodeName, region, metrics, divergence);
        r.target = new StandbyTarget(ignite, region, standbyEndpoints, token(standbyTokenFile), SHIP_TIMEOUT,
                r::later, r::ensureShipper);
        r.role = new RegionRole(ignite, region, runtime, r.target, truth -> r.later(() -> r.resync(truth)));
        ReplicaWriter writer = new ReplicaWriter(ignite, divergence);
        RegionRole role = r.role;
        r.replica = new JournalReplica() {
            @Override
            public Applied apply(String source, List<Record> records) {
                role.acceptFrom(source); // a fresh region becomes the standby; a promoted one refuses (fences)
                return writer.apply(source, records);
            }

            @Override
            public List<Head> heads(List<Head> probes) {
                return writer.heads(probes);
            }
        };
        r.target.start();
        r.role.start();
        r.later(r::ensureShipper);
        return r;
    }

    /** Runs {@code task} on the node's region thread, unless the node is stopping. */
    private void later(Runnable task) {
        try {
            work.execute(task);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** Starts the shipper the first time the region has somewhere to ship. */
    private synchronized void ensureShipper() {
        if (closed || shipper != null || !target.present()) {
            return;
        }
        JournalShipper s = new JournalShipper(ignite, nodeName, target, metrics, SWEEP,
                () -> role.ships() && target.present(), role::fencedBy);
        s.start();
        shipper = s;
        LOG.info("Node {} ships the journals of region {} to the standby at {}", nodeName, region,
                target.endpoints());
    }

    /**
     * Re-synchronises this node's actors from {@code truth} (see {@link JournalResync}), again every
     * {@link #RESYNC_RETRY} until it succeeds or the region is no longer its standby.
     */
    private void resync(String truth) {
        if (closed || !role.role().equals("standby:" + truth)) {
            return;
        }
        if (!target.present()) {
            LOG.info("Region {} does not re-synchronise from region {}: it has no endpoints of it (standbyEndpoints, "
                    + "or botgrid region standby {} HOST:PORT...)", region, truth, region);
            return;
        }
        try {
            resync.run(truth, target);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Re-synchronisation of {} from region {} failed (again in {} s): {}", nodeName, truth,
                        RESYNC_RETRY.toSeconds(), e.toString());
                try {
                    work.schedule(() -> resync(truth), RESYNC_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // the node is stopping: its next start runs it again
                }
            }
        }
    }

    private static String token(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("standbyTokenFile " + file + " cannot be read", e);
        }
    }

    /** The standby side, for the gRPC front; throws IllegalStateException while {@code current} is null. */
    public static Supplier<JournalReplica> replicaOf(Supplier<RegionReplication> current) {
        return () -> {
            RegionReplication r = current.get();
            if (r == null) {
                throw new IllegalStateException("the node is not ready to take replicated records");
            }
            return r.replica;
        };
    }

    /** The region's role, for the gRPC front; throws IllegalStateException while {@code current} is null. */
    public static Supplier<RegionAdmin> rolesOf(Supplier<RegionReplication> current) {
        return () -> {
            RegionReplication r = current.get();
            if (r == null) {
                throw new IllegalStateException("the node is not ready: its region role is not known yet");
            }
            return r.role;
        };
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        work.shutdownNow();
        JournalShipper s = shipper;
        if (s != null) {
            s.close();
        }
        target.close();
        role.close();
    }
}
