package io.botgrid.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.node.StorageConfig;
import io.botgrid.node.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server node left outside the baseline (here: the automatic adjustment is off) is added by the oldest node once
 * it has been outside for the auto-adjust timeout plus the grace, never earlier and never by another node; real
 * Ignite nodes with persistence, time from an injected ticker.
 */
class BaselineCatchUpTest {
    @TempDir
    Path dir;
    private final AtomicLong nanos = new AtomicLong();

    @AfterEach
    void stop() {
        Ignition.stopAll(true);
    }

    static StorageConfig node(Path dir, String name, int discoveryPort, int communicationPort) {
        return NodeConfig.builder().nodeName(name).host("127.0.0.1").dataDir(dir.resolve(name))
                .discoveryPort(discoveryPort).communicationPort(communicationPort).portRange(1)
                .seeds(List.of("127.0.0.1:" + 48_510, "127.0.0.1:" + 48_511))
                .baselineAutoAdjust(Duration.ofSeconds(2)).failureDetectionTimeout(Duration.ofSeconds(3))
                .dataRegionSizeMb(64).haltOnCriticalFailure(false).build().storage();
    }

    @Test
    void theOldestNodeAddsANodeLeftOutsideTheBaselineAfterTheTimeoutAndTheGrace() {
        StorageConfig a = node(dir, "catch-a", 48_510, 48_610);
        StorageConfig b = node(dir, "catch-b", 48_511, 48_611);
        Ignite first = Ignition.start(IgniteSetup.configuration(a));
        first.cluster().state(ClusterState.ACTIVE);
        // the automatic adjustment on but never acting (what was seen on loaded machines): an hour's timeout
        first.cluster().baselineAutoAdjustEnabled(true);
        first.cluster().baselineAutoAdjustTimeout(Duration.ofHours(1).toMillis());
        Ignite second = Ignition.start(IgniteSetup.configuration(b));
        assertThat(ids(first)).containsExactly("catch-a");

        BaselineCatchUp oldest = new BaselineCatchUp(first, a, nanos::get);
        BaselineCatchUp younger = new BaselineCatchUp(second, b, nanos::get);
        assertThat(oldest.check()).as("first seen outside").isEmpty();
        nanos.addAndGet(a.baselineAutoAdjust().plus(BaselineCatchUp.GRACE).toNanos() - 1);
        assertThat(oldest.check()).as("just before the limit").isEmpty();
        nanos.addAndGet(1);
        assertThat(younger.check()).as("only the oldest node acts").isEmpty();
        assertThat(ids(first)).containsExactly("catch-a");

        assertThat(oldest.check()).containsExactly("catch-b");
        assertThat(ids(first)).containsExactlyInAnyOrder("catch-a", "catch-b");
        assertThat(first.cluster().isBaselineAutoAdjustEnabled()).as("automatic adjustment on again").isTrue();
        assertThat(first.cluster().baselineAutoAdjustTimeout()).as("with the node's timeout")
                .isEqualTo(a.baselineAutoAdjust().toMillis());
        assertThat(oldest.check()).as("nothing left to add").isEmpty();
    }

    private static List<String> ids(Ignite ignite) {
        return ignite.cluster().currentBaselineTopology().stream().map(BaselineNode::consistentId)
                .map(String::valueOf).toList();
    }
}
