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
import io.botgrid.workers.cluster.SpecReplica;
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
 * the region becomes a standby (a demotion) or starts as one. Worker specs go the same way ({@link SpecShipper},
 * {@link SpecReplica}); a promoted region adopts the specs it was shipped, then the node re-derives what replication
 * does not write (the bot index).
 */
public final class RegionReplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionReplication.class);
    /** How often each node compares its actors' journal heads with what the standby acknowledged. */
    private static final Duration SWEEP = Duration.ofSeconds(1);
    /** Deadline of one shipment. */
    private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(10);

    /** How often each node re-reads the region's role and standby endpoints (see {@link RegionRole#recheck()}). */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    /** How long a failed re-synchronisation waits before it runs again. */
    private static final Duration RESYNC_RETRY = Duration.ofSeconds(5);

    private final Ignite ignite;
    private final String nodeName;
    private final String region;
    private final ReplicationMetrics metrics;
    private final ScheduledExecutorService work;
    private final JournalResync resync;
    private final SpecReplica specs;
    private volatile JournalShipper shipper;
    private volatile SpecShipper specShipper;
    private volatile JournalReplica replica;
    private volatile RegionRole role;
    private volatile StandbyTarget target;
    private volatile boolean closed;

    private RegionReplication(Ignite ignite, String nodeName, String region, ReplicationMetrics metrics,
                              Divergence divergence, SpecReplica specs) {
        this.ignite = ignite;
        this.specs = specs;
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
     * @param specs the region's worker specs: shipped as a source, kept as a standby, adopted once promoted
     * @param onPromoted run on each node once the region, a standby, was promoted (see {@link RegionRole}), after
     *     the specs were adopted
     */
    public static RegionReplication start(Ignite ignite, ActorRuntime runtime, String nodeName, String region,
                                          List<String> standbyEndpoints, Path standbyTokenFile,
                                          ReplicationMetrics metrics, SpecReplica specs, Runnable onPromoted) {
        Divergence divergence = new Divergence(ignite, metrics);
        RegionReplication r = new RegionReplication(ignite, nodeName, region, metrics, divergence, specs);
        r.target = new StandbyTarget(ignite, region, standbyEndpoints, token(standbyTokenFile), SHIP_TIMEOUT,
                r::later, r::ensureShipper);
        r.role = new RegionRole(ignite, region, runtime, r.target, truth -> r.later(() -> r.resync(truth)), () -> {
            int adopted = specs.adopt();
            if (adopted > 0) {
                LOG.info("Region {} was promoted: {} worker specs of the region it stood by for adopted", region,
                        adopted);
            }
            onPromoted.run();
        });
        ReplicaWriter writer = new ReplicaWriter(ignite, divergence);
        RegionRole role = r.role;
        r.replica = new JournalReplica() {
            @Override
            public Applied apply(String source, List<Record> records) {
                role.acceptFrom(source); // a fresh region becomes the standby; a promoted one refuses (fences)
                return writer.apply(source, records);
            }

            @Override
            public SnapshotsApplied applySnapshots(List<Snapshot> snapshots) {
                return writer.applySnapshots(snapshots); // shipped with records: apply made the role's check
            }

            @Override
            public List<Head> heads(List<Head> probes) {
                return writer.heads(probes);
            }
        };
        r.target.start();
        r.role.start();
        r.later(r::ensureShipper);
        r.work.scheduleWithFixedDelay(r::recheck, RECHECK.toMillis(), RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        return r;
    }

    private void recheck() {
        try {
            target.recheck();
            role.recheck();
        } catch (RuntimeException e) {
            // the node is stopping, or the region cache cannot be read now: the next recheck tries again
            LOG.debug("Region {}: re-reading the role and standby endpoints failed", region, e);
        }
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
        SpecShipper specsOut = new SpecShipper(ignite, nodeName, specs, target::shipSpecs, metrics, SWEEP,
                () -> role.ships() && target.present(), role::fencedBy);
        specsOut.start();
        specShipper = specsOut;
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

    /**
     * The standby side of worker specs, for the gRPC front (which applies them after the journal records of the same
     * call, so the role's check has been made); throws IllegalStateException while {@code current} is null.
     */
    public static Supplier<SpecReplica> specsOf(Supplier<RegionReplication> current) {
        return () -> {
            RegionReplication r = current.get();
            if (r == null) {
                throw new IllegalStateException("the node is not ready to take replicated worker specs");
            }
            return r.specs;
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
        SpecShipper specsOut = specShipper;
        if (specsOut != null) {
            specsOut.close();
        }
        JournalShipper s = shipper;
        if (s != null) {
            s.close();
        }
        target.close();
        role.close();
    }
}
