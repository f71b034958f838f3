package io.botgrid.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.node.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that did not stop cleanly discards its copies only when a running, active cluster owns every partition
 * without it, and keeps them when no cluster answers; real Ignite nodes, a real client probe.
 */
class StaleCopiesTest {
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        Ignition.stopAll(true);
    }

    @Test
    void withNoClusterToAskTheNodeKeepsItsData() throws Exception {
        StorageConfig c = BaselineCatchUpTest.node(dir, "catch-a", 48_510, 48_610);
        StaleCopies.Verdict verdict = StaleCopies.look(c, Duration.ofSeconds(2));
        assertThat(verdict.discard()).isFalse();
        assertThat(verdict.why()).contains("no running cluster could be asked");
    }

    @Test
    void aNodeBackFromAnUncleanStopRejoinsEmptyWhenTheOthersOwnEveryPartition() throws Exception {
        StorageConfig a = BaselineCatchUpTest.node(dir, "catch-a", 48_510, 48_610);
        Ignite running = Ignition.start(IgniteSetup.configuration(a));
        running.cluster().state(ClusterState.ACTIVE);

        StorageConfig b = BaselineCatchUpTest.node(dir, "catch-b", 48_511, 48_611);
        Files.createDirectories(b.dataDir().resolve("storage/catch_b"));
        Files.writeString(b.dataDir().resolve("storage/catch_b/part-1.bin"), "stale");
        Files.createDirectories(b.dataDir().resolve("wal"));
        Files.writeString(b.dataDir().resolve(IgniteSetup.MAJORITY_REFERENCE_FILE), "catch-a\ncatch-b\n");
        Files.writeString(b.dataDir().resolve(StaleCopies.MARKER), "catch-b started earlier\n");

        StaleCopies.beforeStart(b);

        assertThat(b.dataDir().resolve("storage")).doesNotExist();
        assertThat(b.dataDir().resolve("wal")).doesNotExist();
        assertThat(b.dataDir().resolve("discarded/storage/catch_b/part-1.bin")).hasContent("stale");
        assertThat(b.dataDir().resolve(StaleCopies.MARKER)).exists();
        assertThat(running.cluster().forClients().nodes()).as("the probe left").isEmpty();

        StaleCopies.stoppedCleanly(b);
        assertThat(b.dataDir().resolve(StaleCopies.MARKER)).doesNotExist();
    }

    @Test
    void aNodeThatStoppedCleanlyDoesNotAsk() throws Exception {
        StorageConfig b = BaselineCatchUpTest.node(dir, "catch-b", 48_511, 48_611);
        Files.createDirectories(b.dataDir().resolve("storage/catch_b"));
        Files.writeString(b.dataDir().resolve(IgniteSetup.MAJORITY_REFERENCE_FILE), "catch-a\ncatch-b\n");

        StaleCopies.beforeStart(b); // no marker: no probe (which would wait for a cluster that is not there)

        assertThat(b.dataDir().resolve("storage/catch_b")).exists();
        assertThat(b.dataDir().resolve(StaleCopies.MARKER)).exists();
    }
}
