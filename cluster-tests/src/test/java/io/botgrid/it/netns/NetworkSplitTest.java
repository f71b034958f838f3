package io.botgrid.it.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Network splits for real: node JVMs in network namespaces joined by a bridge, links cut with nft drop rules between
 * node addresses, a client on the host writing through both sides (see {@link NetnsLab}). After the heal the cut-off
 * nodes must be back by themselves (they exit with the rejoin code and the lab, like {@code bin/botgrid}, starts them
 * again), and every journal is compared with the client's log of acknowledged writes. Skipped, with the reason
 * printed, where namespaces cannot be made (not root, no iproute2 or nft).
 */
class NetworkSplitTest {
    private static final Duration FAILURE_DETECTION = Duration.ofSeconds(3);
    private static final Duration BASELINE_AUTO_ADJUST = Duration.ofSeconds(5);
    private static final Duration SPLIT = Duration.ofSeconds(8);
    private static final Duration BACK = Duration.ofSeconds(90);
    /** How much later than the other node of its half a late node is started again to rejoin. */
    private static final Duration LATE = Duration.ofSeconds(5);

    private NetnsLab lab;
    private LabClient client;

    @BeforeAll
    static void requireNamespaces() {
        Optional<String> reason = NetnsLab.unavailableReason();
        reason.ifPresent(r -> System.out.println("NetworkSplitTest skipped: " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** 1+2 of 3 nodes: node 3 alone may not write; back, it exits once to rejoin and serves again. */
    @Test
    @Timeout(240)
    void aNodeCutOffFromTheMajorityAcknowledgesNothingAndComesBack() throws Exception {
        JournalAudit audit = splitUnderLoad(3, List.of(3), List.of(1, 2), Set.of(3), Map.of());
        assertThat(lab.node(3).restarts()).as("node-3 started again to rejoin").isEqualTo(1);
        assertThat(Files.readString(lab.node(3).log()))
                .as("node-3, which may hold writes only it got, discarded its copies: nodes 1-2 own every partition")
                .contains("it rejoins empty");
        assertClean(audit);
    }

    /**
     * 2+2 of 4 nodes: neither half may write; back, the half without node-1 rejoins the other. Node 4 comes back
     * {@link #LATE} after node 3 (as on a loaded host): meanwhile nodes 1-3 are a majority and write, while partitions
     * are still lost, and node 4 brings back copies that may hold writes of its own. Appends to the partitions with a
     * copy on node 4 are not acknowledged then ({@code LostCopies}); without that, such a copy replaced the others
     * and an acknowledged event was lost (seen once in CI).
     */
    @Test
    @Timeout(240)
    void neitherHalfOfAnEvenSplitWritesAndTheHalvesMergeBack() throws Exception {
        JournalAudit audit = splitUnderLoad(4, List.of(1, 2), List.of(3, 4), Set.of(1, 2, 3, 4), Map.of(4, LATE));
        assertThat(lab.node(3).restarts() + lab.node(4).restarts()).as("nodes 3 and 4 started again to rejoin")
                .isEqualTo(2);
        for (int i : List.of(3, 4)) {
            assertThat(Files.readString(lab.node(i).log()))
                    .as("node-" + i + " kept its copies: some partitions have no other copy than on nodes 3-4")
                    .contains("it keeps its data").contains("lost partition");
        }
        assertClean(audit);
    }

    private JournalAudit splitUnderLoad(int nodes, List<Integer> sideA, List<Integer> sideB, Set<Integer> minority,
                                        Map<Integer, Duration> restartDelays) throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "netns-");
        lab = NetnsLab.create(nodes, work);
        client = new LabClient(lab);
        List<Integer> all = IntStream.rangeClosed(1, nodes).boxed().toList();
        for (int i : all) {
            lab.startNode(i, all, FAILURE_DETECTION, BASELINE_AUTO_ADJUST, LabClient.GRPC_PORT)
                    .restartAfter(restartDelays.getOrDefault(i, Duration.ZERO));
        }
        for (int i : all) {
            lab.node(i).awaitReady(Duration.ofSeconds(120));
        }
        client.awaitServing(all, BACK);

        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            keys.add("split-" + k);
        }
        SplitLoad load = new SplitLoad(keys, client.channels());
        for (int i : all) {
            load.through(i, 2);
        }
        JournalAudit.Phase phase;
        try {
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(load.acknowledgedCount())
                        .as(load::summary).isGreaterThanOrEqualTo(300));
            } catch (ConditionTimeoutException stalled) {
                // seen once in CI: writes stalled before the split on a freshly started cluster; say where nodes wait
                StringBuilder threads = new StringBuilder();
                for (int i : all) {
                    threads.append('\n').append(lab.node(i).threadSummary());
                }
                throw new AssertionError(stalled.getMessage() + threads, stalled);
            }
            long cut = System.nanoTime();
            lab.split(sideA, sideB);
            // The split's length is the scenario itself (the load keeps running on both sides meanwhile).
            Thread.sleep(SPLIT.toMillis());
            lab.heal();
            phase = new JournalAudit.Phase(cut, System.nanoTime(), minority);
            client.awaitServing(all, BACK);
            long serving = System.nanoTime();
            for (int i : all) {
                int through = load.acknowledgedThrough(i);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(load.acknowledgedThrough(i))
                        .as(() -> "writes through node-" + i + " after the heal; calls since all served: "
                                + load.summarySince(serving))
                        .isGreaterThanOrEqualTo(through + 50));
            }
        } finally {
            load.close();
        }
        Map<String, List<String>> journals = client.journals(keys);
        JournalAudit audit = JournalAudit.of(load.attempts(), journals, List.of(phase));
        System.out.println("NetworkSplitTest " + sideA + "|" + sideB + ": " + audit + "; restarts to rejoin: "
                + all.stream().map(i -> "node-" + i + " " + lab.node(i).restarts()).toList()
                + "; batches not acknowledged while a copy was away: " + all.stream().map(i -> "node-" + i + " "
                + linesWith(lab.node(i).log(), "LostCopies")).toList());
        return audit;
    }

    private static long linesWith(Path log, String text) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertClean(JournalAudit audit) {
        String whole = " (whole audit: " + audit + ")";
        assertThat(audit.acknowledged()).as("writes acknowledged" + whole).isGreaterThan(500);
        assertThat(audit.minorityAcks()).as("writes acknowledged by a minority during a split" + whole).isEmpty();
        assertThat(audit.duplicateSeqs()).as("sequence numbers acknowledged twice" + whole).isEmpty();
        assertThat(audit.lost()).as("acknowledged writes missing from the journals" + whole).isEmpty();
        assertThat(audit.misplaced()).as("acknowledged writes at another sequence number" + whole).isEmpty();
        assertThat(audit.twice()).as("tags journalled twice" + whole).isEmpty();
        assertThat(audit.phantoms()).as("journalled tags no call sent" + whole).isEmpty();
    }
}
