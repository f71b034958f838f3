package io.botgrid.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.node.NodeConfig;
import io.botgrid.node.StorageConfig;
import io.botgrid.node.internal.IgniteSetup;
import io.botgrid.util.TestPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The majority ping on three real Ignite nodes with persistence: a confirmation needs answers from a majority of
 * the baseline (this node counts), one silent peer is tolerated, two are not and the confirmation ends false at the
 * timeout; overlapping confirmations all end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MajorityPingTest {
    private static final long TIMEOUT_MILLIS = 1_500;
    @TempDir
    static Path dir;
    private static final List<Ignite> nodes = new ArrayList<>();
    private static final List<MajorityPing> pings = new ArrayList<>();
    private static final List<StorageConfig> configs = new ArrayList<>();

    @BeforeAll
    static void start() {
        List<Integer> ports = TestPorts.free(6);
        List<String> seeds = ports.subList(0, 3).stream().map(p -> "127.0.0.1:" + p).toList();
        for (int i = 0; i < 3; i++) {
            StorageConfig c = NodeConfig.builder().nodeName("ping-" + i).host("127.0.0.1")
                    .dataDir(dir.resolve("ping-" + i)).discoveryPort(ports.get(i)).communicationPort(ports.get(3 + i))
                    .portRange(0).seeds(seeds).failureDetectionTimeout(Duration.ofSeconds(3)).dataRegionSizeMb(64)
                    .haltOnCriticalFailure(false).build().storage();
            configs.add(c);
            nodes.add(Ignition.start(IgniteSetup.configuration(c)));
        }
        nodes.get(0).cluster().state(ClusterState.ACTIVE);
        for (Ignite ignite : nodes) {
            pings.add(new MajorityPing(ignite, MajorityFence.of(ignite), TIMEOUT_MILLIS));
        }
    }

    @AfterAll
    static void stop() {
        pings.forEach(MajorityPing::close);
        Ignition.stopAll(true);
    }

    @Test
    @Order(1)
    void allAnswerAndTheReferenceIsKeptOnDisk() throws Exception {
        for (MajorityPing ping : pings) {
            assertThat(ping.confirm().get(10, TimeUnit.SECONDS)).isTrue();
        }
        for (StorageConfig c : configs) {
            Path file = c.dataDir().resolve(IgniteSetup.MAJORITY_REFERENCE_FILE);
            assertThat(file).exists();
            assertThat(Files.readAllLines(file)).containsExactlyInAnyOrder("ping-0", "ping-1", "ping-2");
        }
    }

    @Test
    @Order(2)
    void overlappingConfirmationsAllEndTrue() throws Exception {
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            all.add(pings.get(i % 3).confirm());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(all).allSatisfy(f -> assertThat(f.join()).isTrue());
    }

    @Test
    @Order(3)
    void oneSilentPeerLeavesTwoOfThree() throws Exception {
        pings.get(2).close(); // node 2 stays in the cluster but no longer answers
        assertThat(pings.get(0).confirm().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pings.get(1).confirm().get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @Order(4)
    void twoSilentPeersEndTheConfirmationFalseAtTheTimeout() throws Exception {
        pings.get(1).close();
        long start = System.nanoTime();
        assertThat(pings.get(0).confirm().get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(TIMEOUT_MILLIS));
        assertThat(pings.get(1).confirm().get(1, TimeUnit.SECONDS)).as("a closed ping confirms nothing").isFalse();
    }
}
