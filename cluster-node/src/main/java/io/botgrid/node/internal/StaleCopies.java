package io.botgrid.node.internal;

import io.botgrid.actor.internal.MajorityFence;
import io.botgrid.node.StorageConfig;
import io.botgrid.registry.internal.RegistryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node that stopped uncleanly from bringing back copies the others have moved past.
 *
 * <p>Why: Ignite's atomic updates are applied by the primary copy first and then sent to the backups. A primary that
 * is cut off by a network split, frozen, or killed in the middle of an update keeps that update on its own disk
 * although no backup got it (the {@code AckGuard} made sure it was never acknowledged). Meanwhile the others go on
 * writing the same partition. When the node comes back, Ignite compares the partitions' update counters only: its
 * copy can look as new as the others' (same counter, other content) or newer, so it is kept or even copied over the
 * others, and the acknowledged writes of the majority disappear (seen in {@code NetworkSplitTest}: a journal
 * position acknowledged on both sides).
 *
 * <p>So a node that did not stop cleanly (the marker file written at start is still there) first joins as a client
 * to look at the cluster. If the cluster is active and none of its partitions is lost without this node, every
 * partition has an up-to-date owner elsewhere: the node moves its storage and WAL aside ({@code discarded/} in its
 * data folder, replaced on the next discard) and joins empty; Ignite copies its partitions from the owners. If the
 * cluster is not running, not active, or needs this node's copies (lost partitions, e.g. after an even split where
 * neither half could write), the node keeps its data, as before; its copies of the other partitions may then replace
 * newer ones, which is why the others acknowledge no append to such a partition meanwhile ({@code LostCopies}). A node that was alone in its cluster (its majority
 * reference names only itself) never asks. The price is a full copy of the node's partitions after every unclean
 * stop instead of the delta.
 */
final class StaleCopies {
    private static final Logger LOG = LoggerFactory.getLogger(StaleCopies.class);
    /** Present while the node runs; a graceful leave removes it. */
    static final String MARKER = "running";
    /** Where a discarded copy is moved (the previous one is deleted then). */
    static final String DISCARDED = "discarded";
    private static final List<String> DATA = List.of("storage", "wal", "wal-archive");

    /** What the look at the cluster found. */
    record Verdict(boolean discard, String why) {
    }

    private StaleCopies() {
    }

    /**
     * Called before the server node starts: discards the node's copies if it stopped uncleanly and the cluster holds
     * every partition without it, then marks the node as running.
     */
    static void beforeStart(StorageConfig c) {
        Path marker = c.dataDir().resolve(MARKER);
        if (Files.exists(marker) && hasData(c) && wasInCluster(c)) {
            Verdict verdict = look(c, joinTimeout(c));
            if (verdict.discard()) {
                discard(c, verdict.why());
            } else {
                LOG.warn("Node {} did not stop cleanly; it keeps its data: {}", c.nodeName(), verdict.why());
            }
        }
        try {
            Files.createDirectories(c.dataDir());
            Files.writeString(marker, c.nodeName() + " started " + Instant.now() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }

    /** Called after a graceful leave: the node's copies are as current as the cluster's. */
    static void stoppedCleanly(StorageConfig c) {
        try {
            Files.deleteIfExists(c.dataDir().resolve(MARKER));
        } catch (IOException e) {
            LOG.warn("Node {}: marker {} not removed: {}", c.nodeName(), MARKER, e.toString());
        }
    }

    /** As long as a cluster that runs needs to take a client in, and no shorter than 5 s. */
    private static Duration joinTimeout(StorageConfig c) {
        Duration twice = c.failureDetectionTimeout().multipliedBy(2);
        return twice.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : twice;
    }

    private static boolean hasData(StorageConfig c) {
        Path storage = c.dataDir().resolve(DATA.get(0));
        if (!Files.isDirectory(storage)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(storage)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean wasInCluster(StorageConfig c) {
        Set<String> reference = MajorityFence.storedReference(
                c.dataDir().resolve(IgniteSetup.MAJORITY_REFERENCE_FILE));
        return reference.stream().anyMatch(id -> !id.equals(c.nodeName()));
    }

    /** Joins as a client for a moment and decides; any failure to look keeps the data. */
    static Verdict look(StorageConfig c, Duration joinTimeout) {
        try (Ignite probe = Ignition.start(IgniteSetup.probeConfiguration(c, joinTimeout))) {
            if (!probe.cluster().state().active()) {
                return new Verdict(false, "the cluster is not active");
            }
            int servers = probe.cluster().forServers().nodes().size();
            Optional<String> needed = lostPartitions(probe);
            return needed.map(why -> new Verdict(false, why)).orElseGet(() -> new Verdict(true, servers
                    + " running server node(s) own every partition of every persistent cache without it"));
        } catch (RuntimeException e) {
            return new Verdict(false, "no running cluster could be asked (" + rootMessage(e) + ")");
        }
    }

    private static Optional<String> lostPartitions(Ignite probe) {
        // a cache kept in memory only is left out: this node's disk holds none of it
        LostPartitions lost = LostPartitions.of(probe, cache -> !RegistryStore.VOLATILE_REGION.equals(region(cache)));
        return lost.byCache().entrySet().stream().findFirst().map(e -> "cache " + e.getKey() + " has "
                + e.getValue().size() + " lost partition(s) that may need this node's copies");
    }

    private static String region(IgniteCache<?, ?> cache) {
        @SuppressWarnings("unchecked")
        CacheConfiguration<?, ?> config = cache.getConfiguration(CacheConfiguration.class);
        return config.getDataRegionName();
    }

    private static void discard(StorageConfig c, String why) {
        Path discarded = c.dataDir().resolve(DISCARDED);
        try {
            deleteTree(discarded);
            Files.createDirectories(discarded);
            for (String dir : DATA) {
                Path from = c.dataDir().resolve(dir);
                if (Files.exists(from)) {
                    Files.move(from, discarded.resolve(dir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("node " + c.nodeName() + " could not move its stale data aside to "
                    + discarded, e);
        }
        LOG.warn("Node {} did not stop cleanly, so its copies may hold writes no other copy got; {}: its storage and "
                + "WAL were moved to {} and it rejoins empty, taking its partitions from the others", c.nodeName(),
                why, discarded);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
