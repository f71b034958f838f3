package io.botgrid.node.internal;

import io.botgrid.actor.JournalReplica;
import io.botgrid.actor.internal.ActorRuntime;
import io.botgrid.actor.internal.JournalShipper;
import io.botgrid.actor.internal.ReplicaWriter;
import io.botgrid.cluster.RegionAdmin;
import io.botgrid.grpc.StandbyLink;
import io.botgrid.telemetry.ReplicationMetrics;
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
 * {@link ReplicaWriter} the gRPC front's {@code ReplicationService} writes through, behind the role's check.
 */
public final class RegionReplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionReplication.class);
    /** How often each node compares its actors' journal heads with what the standby acknowledged. */
    private static final Duration SWEEP = Duration.ofSeconds(1);
    /** Deadline of one shipment. */
    private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(10);

    private final JournalShipper shipper;
    private final JournalReplica replica;
    private final RegionRole role;

    private RegionReplication(JournalShipper shipper, JournalReplica replica, RegionRole role) {
        this.shipper = shipper;
        this.replica = replica;
        this.role = role;
    }

    /**
     * Starts the node's replication once its runtime runs.
     *
     * @param standbyEndpoints the standby region's gRPC endpoints; empty: this node ships nothing
     * @param standbyTokenFile the standby's bearer token file, or null
     */
    public static RegionReplication start(Ignite ignite, ActorRuntime runtime, String nodeName, String region,
                                          List<String> standbyEndpoints, Path standbyTokenFile,
                                          ReplicationMetrics metrics) {
        RegionRole role = new RegionRole(ignite, region, runtime);
        role.start();
        JournalShipper shipper = null;
        if (!standbyEndpoints.isEmpty()) {
            StandbyLink link = new StandbyLink(region, standbyEndpoints, token(standbyTokenFile), SHIP_TIMEOUT);
            shipper = new JournalShipper(ignite, nodeName, link, metrics, SWEEP, role::ships, role::fencedBy);
            shipper.start();
            LOG.info("Node {} ships the journals of region {} to the standby at {}", nodeName, region,
                    standbyEndpoints);
        }
        ReplicaWriter writer = new ReplicaWriter(ignite);
        JournalReplica replica = (source, records) -> {
            role.acceptFrom(source); // a fresh region becomes the standby; a promoted one refuses (fences the source)
            return writer.apply(source, records);
        };
        return new RegionReplication(shipper, replica, role);
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
        if (shipper != null) {
            shipper.close();
        }
        role.close();
    }
}
