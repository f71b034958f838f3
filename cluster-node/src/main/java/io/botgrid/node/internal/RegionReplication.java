package io.botgrid.node.internal;

import io.botgrid.actor.JournalReplica;
import io.botgrid.actor.internal.JournalShipper;
import io.botgrid.actor.internal.ReplicaWriter;
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
 * A node's part in replication between regions, wired in one place: as a source, the {@link JournalShipper} to the
 * standby's endpoints (when {@code standbyEndpoints} is set); as a standby, the {@link ReplicaWriter} the gRPC front's
 * {@code ReplicationService} writes through (every node can be a standby).
 */
public final class RegionReplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionReplication.class);
    /** How often each node compares its actors' journal heads with what the standby acknowledged. */
    private static final Duration SWEEP = Duration.ofSeconds(1);
    /** Deadline of one shipment. */
    private static final Duration SHIP_TIMEOUT = Duration.ofSeconds(10);

    private final JournalShipper shipper;
    private final ReplicaWriter replica;

    private RegionReplication(JournalShipper shipper, ReplicaWriter replica) {
        this.shipper = shipper;
        this.replica = replica;
    }

    /**
     * Starts the node's replication once its runtime runs.
     *
     * @param standbyEndpoints the standby region's gRPC endpoints; empty: this node ships nothing
     * @param standbyTokenFile the standby's bearer token file, or null
     */
    public static RegionReplication start(Ignite ignite, String nodeName, String region, List<String> standbyEndpoints,
                                          Path standbyTokenFile, ReplicationMetrics metrics) {
        JournalShipper shipper = null;
        if (!standbyEndpoints.isEmpty()) {
            StandbyLink link = new StandbyLink(region, standbyEndpoints, token(standbyTokenFile), SHIP_TIMEOUT);
            shipper = new JournalShipper(ignite, nodeName, link, metrics, SWEEP);
            shipper.start();
            LOG.info("Node {} ships the journals of region {} to the standby at {}", nodeName, region,
                    standbyEndpoints);
        }
        return new RegionReplication(shipper, new ReplicaWriter(ignite));
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

    @Override
    public void close() {
        if (shipper != null) {
            shipper.close();
        }
    }
}
