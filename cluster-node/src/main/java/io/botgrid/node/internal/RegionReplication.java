package io.botgrid.node.internal;

import io.botgrid.actor.JournalReplica;
import io.botgrid.actor.internal.ActorRuntime;
import io.botgrid.actor.internal.JournalShipper;
import io.botgrid.actor.internal.ReplicaWriter;
import io.botgrid.cluster.RegionAdmin;
import io.botgrid.grpc.StandbyLink;
import io.botgrid.telemetry.ReplicationMetrics;
import io.botgrid.workers.cluster.SpecReplica;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in replication between regions, wired in one place: the region's {@link RegionRole} (enforced on
 * this node's journal); as a source, the {@link JournalShipper} to the standby's endpoints (when
 * {@code standbyEndpoints} is set), which ships only while the region is the home of its actors; as a standby, the
 * {@link ReplicaWriter} the gRPC front's {@code ReplicationService} writes through, behind the role's check. Worker
 * specs go the same way ({@link SpecShipper}, {@link SpecReplica}); a promoted region adopts the specs it was
 * shipped, then the node re-derives what replication does not write (the bot index).
 */
public final class RegionReplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionReplication.class);
    /** How often each node compares its actors' journal heads with what the standby acknowledged. */
    private static final Duration SWEEP = Duration.ofSeconds(1);
    /** Deadline of one shipment. */
    private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(10);

    private final JournalShipper shipper;
    private final SpecShipper specShipper;
    private final JournalReplica replica;
    private final SpecReplica specs;
    private final RegionRole role;

    private RegionReplication(JournalShipper shipper, SpecShipper specShipper, JournalReplica replica,
                              SpecReplica specs, RegionRole role) {
        this.shipper = shipper;
        this.specShipper = specShipper;
        this.replica = replica;
        this.specs = specs;
        this.role = role;
    }

    /**
     * Starts the node's replication once its runtime runs.
     *
     * @param standbyEndpoints the standby region's gRPC endpoints; empty: this node ships nothing
     * @param standbyTokenFile the standby's bearer token file, or null
     * @param specs the region's worker specs: shipped as a source, kept as a standby, adopted once promoted
     * @param onPromoted run on each node once the region, a standby, was promoted (see {@link RegionRole}), after
     *     the specs were adopted
     */
    public static RegionReplication start(Ignite ignite, ActorRuntime runtime, String nodeName, String region,
                                          List<String> standbyEndpoints, Path standbyTokenFile,
                                          ReplicationMetrics metrics, SpecReplica specs, Runnable onPromoted) {
        RegionRole role = new RegionRole(ignite, region, runtime, () -> {
            int adopted = specs.adopt();
            if (adopted > 0) {
                LOG.info("Region {} was promoted: {} worker specs of the region it stood by for adopted", region,
                        adopted);
            }
            onPromoted.run();
        });
        role.start();
        JournalShipper shipper = null;
        SpecShipper specShipper = null;
        if (!standbyEndpoints.isEmpty()) {
            StandbyLink link = new StandbyLink(region, standbyEndpoints, token(standbyTokenFile), SHIP_TIMEOUT);
            shipper = new JournalShipper(ignite, nodeName, link, metrics, SWEEP, role::ships, role::fencedBy);
            shipper.start();
            specShipper = new SpecShipper(ignite, nodeName, specs, link::shipSpecs, metrics, SWEEP, role::ships,
                    role::fencedBy);
            specShipper.start();
            LOG.info("Node {} ships the journals of region {} to the standby at {}", nodeName, region,
                    standbyEndpoints);
        }
        ReplicaWriter writer = new ReplicaWriter(ignite);
        JournalReplica replica = new JournalReplica() {
            @Override
            public Applied apply(String source, List<Record> records) {
                role.acceptFrom(source); // a fresh region becomes the standby; a promoted one refuses (fences it)
                return writer.apply(source, records);
            }

            @Override
            public SnapshotsApplied applySnapshots(List<Snapshot> snapshots) {
                return writer.applySnapshots(snapshots); // shipped with records: apply made the role's check
            }
        };
        return new RegionReplication(shipper, specShipper, replica, specs, role);
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
        if (specShipper != null) {
            specShipper.close();
        }
        if (shipper != null) {
            shipper.close();
        }
        role.close();
    }
}
