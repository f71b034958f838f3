package io.botgrid.it.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Network splits for real: node JVMs in network namespaces joined by a bridge, links cut with nft drop rules between
 * node addresses, a client on the host writing through both sides (see {@link NetnsLab}). A 1+2 split of 3 nodes,
 * then a 2+2 split of 4 nodes (neither half holds a majority); after the heals the cut-off nodes must be back by
 * themselves (they exit with the rejoin code and the lab, like {@code bin/botgrid}, starts them again), and every
 * journal is compared with the client's log of acknowledged writes. Skipped, with the reason printed, where
 * namespaces cannot be made (not root, no iproute2 or nft).
 */
class NetworkSplitTest {
    private static final Duration FAILURE_DETECTION = Duration.ofSeconds(3);
    private static final Duration BASELINE_AUTO_ADJUST = Duration.ofSeconds(30);
    private static final Duration SPLIT = Duration.ofSeconds(8);
    private static final Duration BACK = Duration.ofSeconds(90);

    private static NetnsLab lab;
    private static LabClient client;

    @BeforeAll
    static void requireNamespaces() {
        Optional<String> reason = NetnsLab.unavailableReason();
        reason.ifPresent(r -> System.out.println("NetworkSplitTest skipped: " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }

    @AfterAll
    static void cleanUp() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Disabled("needs majority fencing (branch fence): without it the minority acknowledges writes that are then lost")
    @Timeout(300)
    void minoritiesAcknowledgeNothingAndCutOffNodesComeBack() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "netns-");
        lab = NetnsLab.create(4, work);
        client = new LabClient(lab);
        List<Integer> all = List.of(1, 2, 3, 4);
        for (int i = 1; i <= 3; i++) {
            lab.startNode(i, all, FAILURE_DETECTION, BASELINE_AUTO_ADJUST, LabClient.GRPC_PORT);
        }
        for (int i = 1; i <= 3; i++) {
            lab.node(i).awaitReady(Duration.ofSeconds(120));
        }
        client.awaitServing(List.of(1, 2, 3), BACK);

        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            keys.add("split-" + k);
        }
        List<JournalAudit.Phase> phases = new ArrayList<>();
        SplitLoad load = new SplitLoad(keys, client.channels()).through(1, 2).through(2, 1).through(3, 2);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 300);

            phases.add(split(List.of(3), List.of(1, 2), Set.of(3)));
            client.awaitServing(List.of(1, 2, 3), BACK);
            assertThat(lab.node(3).restarts()).as("node-3 started again to rejoin").isEqualTo(1);
            int throughThree = load.acknowledgedThrough(3);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedThrough(3) >= throughThree + 50);

            lab.startNode(4, all, FAILURE_DETECTION, BASELINE_AUTO_ADJUST, LabClient.GRPC_PORT);
            lab.node(4).awaitReady(Duration.ofSeconds(120));
            client.awaitServing(all, BACK);
            load.through(4, 1);
            int before = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= before + 200);

            phases.add(split(List.of(1, 2), List.of(3, 4), Set.of(1, 2, 3, 4)));
            client.awaitServing(all, BACK);
            int afterHeal = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= afterHeal + 200);
        } finally {
            load.close();
        }

        Map<String, List<String>> journals = client.journals(keys);
        JournalAudit audit = JournalAudit.of(load.attempts(), journals, phases);
        System.out.println("NetworkSplitTest: " + audit + "; restarts to rejoin: node-3 " + lab.node(3).restarts()
                + ", node-4 " + lab.node(4).restarts());
        assertThat(audit.acknowledged()).as("writes acknowledged").isGreaterThan(800);
        assertThat(audit.minorityAcks()).as("writes acknowledged by a minority during a split").isEmpty();
        assertThat(audit.duplicateSeqs()).as("sequence numbers acknowledged twice").isEmpty();
        assertThat(audit.lost()).as("acknowledged writes missing from the journals").isEmpty();
        assertThat(audit.misplaced()).as("acknowledged writes at another sequence number").isEmpty();
        assertThat(audit.twice()).as("tags journalled twice").isEmpty();
        assertThat(audit.phantoms()).as("journalled tags no call sent").isEmpty();
    }

    private static JournalAudit.Phase split(List<Integer> a, List<Integer> b, Set<Integer> minority)
            throws InterruptedException {
        long cut = System.nanoTime();
        lab.split(a, b);
        // The split's length is the scenario itself (the load keeps running on both sides meanwhile).
        Thread.sleep(SPLIT.toMillis());
        lab.heal();
        return new JournalAudit.Phase(cut, System.nanoTime(), minority);
    }
}
