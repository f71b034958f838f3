package io.botgrid.node.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.internal.Stores;
import io.botgrid.node.NodeConfig;
import io.botgrid.node.StorageConfig;
import io.botgrid.util.TestPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtLocalPartition;
import org.apache.ignite.internal.processors.cache.distributed.dht.topology.GridDhtPartitionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that gets back partitions it was clearing must own them whole. Three real nodes, one backup, baseline
 * auto-adjust 0 (as in the W5 fault benchmark), a writer running throughout: C leaves and comes back empty; the moment
 * A starts clearing the partitions it hands to C, B leaves, so A must hold them again. Ignite turns A's half-cleared
 * copy (RENTING) back into a receiving one (MOVING) that keeps its update counter: a historical rebalance would send it
 * only the updates after that counter, and A would own the partition without the entries already cleared (the W5
 * loss). {@link FullRebalance} switches historical rebalance off cluster-wide, so the copy is cleared and sent whole.
 * On a small cluster the supplier's WAL rarely reaches back to that counter yet, so the rebalance was full even
 * without the fix: the first test guards the outcome, the second the cluster-wide setting (it fails without it).
 */
class RebalanceAfterEvictionTest {
    private static final int PARTITIONS = 8;
    /** Above Ignite's default historical rebalance threshold (500 entries in a partition). */
    private static final int PER_PARTITION = 5_000;

    private final List<Integer> ports = TestPorts.free(6);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        Ignition.stopAll(true);
    }

    @Test
    void aNodeThatGetsBackPartitionsItClearedHoldsEveryEntry() throws Exception {
        StorageConfig a = node("hist-a", 0);
        StorageConfig b = node("hist-b", 1);
        StorageConfig c = node("hist-c", 2);
        Ignite nodeA = Ignition.start(IgniteSetup.configuration(a));
        Ignite nodeB = Ignition.start(IgniteSetup.configuration(b));
        Ignition.start(IgniteSetup.configuration(c));
        IgniteSetup.activateIfNew(nodeA, a);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.cluster().currentBaselineTopology().size() == 3);
        IgniteCache<Integer, String> journal = nodeA.cache(Stores.JOURNAL);
        int written = write(journal, 0, PARTITIONS * PER_PARTITION);
        awaitRebalanced(List.of(nodeA, nodeB, Ignition.ignite(c.nodeName())));

        Ignition.stop(c.nodeName(), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.cluster().currentBaselineTopology().size() == 2);
        awaitRebalanced(List.of(nodeA, nodeB));
        deleteTree(c.dataDir()); // C comes back empty, as after StaleCopies discarded its copies
        AtomicInteger acknowledged = new AtomicInteger(written);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                int k = acknowledged.get();
                Map<Integer, String> batch = new HashMap<>();
                for (int i = k; i < k + 64; i++) {
                    batch.put(i, "event " + i);
                }
                try {
                    journal.putAll(batch);
                    acknowledged.addAndGet(batch.size());
                } catch (RuntimeException e) {
                    // a topology change: the same key again
                }
            }
        }, "journal-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            giveAwayAndTakeBack(nodeA, b, c);
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(acknowledged.get()).as("the writer went on").isGreaterThan(written);

        Map<Integer, Integer> missing = missingOn(nodeA, acknowledged.get());
        assertThat(missing).as("entries A lacks, by partition, in partitions it owns").isEmpty();
        assertThat(FullRebalance.threshold(nodeA)).isEqualTo(FullRebalance.OFF);
    }

    /** C rejoins; when A starts clearing what it hands to C, B leaves; returns once A and C own every partition. */
    private static void giveAwayAndTakeBack(Ignite nodeA, StorageConfig b, StorageConfig c) {
        Ignite nodeC = Ignition.start(IgniteSetup.configuration(c));
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.cluster().currentBaselineTopology().size() == 3);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> clearing(nodeA));
        Ignition.stop(b.nodeName(), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.cluster().currentBaselineTopology().size() == 2);
        awaitRebalanced(List.of(nodeA, nodeC));
    }

    @Test
    void aClusterThatKeptTheDefaultThresholdHasHistoricalRebalanceSwitchedOffWhenANodeJoinsIt() throws Exception {
        StorageConfig a = node("hist-a", 0);
        Ignite nodeA = Ignition.start(IgniteSetup.configuration(a));
        IgniteSetup.activateIfNew(nodeA, a);
        ((IgniteEx) nodeA).context().distributedConfiguration()
                .<Integer>property(FullRebalance.CLUSTER_PROPERTY).propagate(500); // as a cluster of an earlier version
        assertThat(FullRebalance.threshold(nodeA)).isEqualTo(500);

        IgniteSetup.activateIfNew(nodeA, a); // what a node does once the cluster is active

        assertThat(FullRebalance.threshold(nodeA)).isEqualTo(FullRebalance.OFF);
    }

    private StorageConfig node(String name, int index) {
        return NodeConfig.builder().nodeName(name).host("127.0.0.1").dataDir(dir.resolve(name))
                .discoveryPort(ports.get(index)).communicationPort(ports.get(3 + index)).portRange(0)
                .seeds(ports.subList(0, 3).stream().map(p -> "127.0.0.1:" + p).toList())
                .partitions(PARTITIONS).backups(1)
                .baselineAutoAdjust(Duration.ZERO).failureDetectionTimeout(Duration.ofSeconds(3))
                .dataRegionSizeMb(64).haltOnCriticalFailure(false).build().storage();
    }

    private static int write(IgniteCache<Integer, String> cache, int from, int count) {
        Map<Integer, String> batch = new HashMap<>();
        for (int k = from; k < from + count; k++) {
            batch.put(k, "event " + k);
            if (batch.size() == 500) {
                cache.putAll(batch);
                batch.clear();
            }
        }
        cache.putAll(batch);
        return from + count;
    }

    /**
     * Until every partition of the journal's group is owned by exactly two of {@code nodes} (one backup), which are
     * all the server nodes left, and none of them is still receiving one: the copies are complete from then on.
     */
    private static void awaitRebalanced(List<Ignite> nodes) {
        await().atMost(Duration.ofSeconds(60)).until(() -> settled(nodes));
    }

    /** Whether one of the node's partitions is being given away (its copy is cleared). */
    private static boolean clearing(Ignite node) {
        return ((IgniteEx) node).cachex(Stores.JOURNAL).context().topology().localPartitions().stream()
                .anyMatch(p -> p.state() == GridDhtPartitionState.RENTING);
    }

    private static boolean settled(List<Ignite> nodes) {
        if (nodes.get(0).cluster().forServers().nodes().size() != nodes.size()) {
            return false;
        }
        int[] owners = new int[PARTITIONS];
        for (Ignite node : nodes) {
            for (GridDhtLocalPartition p
                    : ((IgniteEx) node).cachex(Stores.JOURNAL).context().topology().localPartitions()) {
                if (p.state() == GridDhtPartitionState.MOVING) {
                    return false;
                }
                if (p.state() == GridDhtPartitionState.OWNING) {
                    owners[p.id()]++;
                }
            }
        }
        return Arrays.stream(owners).allMatch(n -> n == 2);
    }

    /** Keys A should hold (it is primary or backup of their partition) and does not, counted by partition. */
    private static Map<Integer, Integer> missingOn(Ignite node, int written) {
        IgniteCache<Integer, String> cache = node.cache(Stores.JOURNAL);
        Affinity<Integer> affinity = node.affinity(Stores.JOURNAL);
        ClusterNode local = node.cluster().localNode();
        Map<Integer, Integer> missing = new HashMap<>();
        for (int k = 0; k < written; k++) {
            if (affinity.isPrimaryOrBackup(local, k)
                    && cache.localPeek(k, CachePeekMode.PRIMARY, CachePeekMode.BACKUP) == null) {
                missing.merge(affinity.partition(k), 1, Integer::sum);
            }
        }
        return missing;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
