package io.botgrid.it.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A frozen node ({@code SIGSTOP}), the failure a long GC pause, a stuck disk or a paused VM produces, with the node
 * JVMs in network namespaces as in {@link NetworkSplitTest} and the default failure detection timeout: a 1 s pause
 * is not taken for a failure; a long freeze is, the frozen node's actors answer again on the others, and on
 * {@code SIGCONT} the node finds itself dropped (segmented), exits with the rejoin code and comes back by itself.
 * Nothing acknowledged is lost or applied twice. Prints how long the keys took to answer again.
 */
class FreezeTest {
    /** The node default (NodeConfig.failureDetectionTimeout). */
    private static final Duration FAILURE_DETECTION = Duration.ofSeconds(3);
    private static final Duration FREEZE = Duration.ofSeconds(10);

    private static NetnsLab lab;
    private static LabClient client;

    @BeforeAll
    static void requireNamespaces() {
        Optional<String> reason = NetnsLab.unavailableReason();
        reason.ifPresent(r -> System.out.println("FreezeTest skipped: " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }

    @AfterAll
    static void cleanUp() throws InterruptedException {
        if (lab != null) {
            NetnsLab.run(List.of("kill", "-CONT", String.valueOf(lab.node(3).pid())));
        }
        if (client != null) {
            client.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Timeout(240)
    void aShortPauseIsToleratedAndAFrozenNodeIsReplacedThenRejoins() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "netns-");
        lab = NetnsLab.create(3, work);
        client = new LabClient(lab);
        List<Integer> all = List.of(1, 2, 3);
        for (int i : all) {
            lab.startNode(i, all, FAILURE_DETECTION, Duration.ofSeconds(5), LabClient.GRPC_PORT);
        }
        for (int i : all) {
            lab.node(i).awaitReady(Duration.ofSeconds(120));
        }
        client.awaitServing(all, Duration.ofSeconds(90));
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            keys.add("freeze-" + k);
        }
        client.channel(3);
        SplitLoad load = new SplitLoad(keys, client.channels()).through(1, 2).through(2, 2);
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(load.acknowledgedCount())
                    .as(load::summary).isGreaterThanOrEqualTo(300));

            long pid = lab.node(3).pid();
            signal("STOP", pid);
            // A pause of 1 s, a third of the failure detection timeout: the length is the scenario itself.
            Thread.sleep(1_000);
            signal("CONT", pid);
            int afterPause = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= afterPause + 300);
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                    .until(() -> lab.node(3).restarts() == 0 && lab.node(3).alive());
            client.awaitServing(all, Duration.ofSeconds(10));

            long frozenAt = System.nanoTime();
            signal("STOP", pid);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> answeredSince(load, keys, frozenAt).size() == keys.size());
            Map<String, Long> answered = answeredSince(load, keys, frozenAt);
            List<Long> millis = answered.values().stream().sorted().toList();
            System.out.printf("FreezeTest: every key answered again %.1f s after the freeze (p50 %.1f s)%n",
                    millis.get(millis.size() - 1) / 1000.0, millis.get(millis.size() / 2) / 1000.0);
            long remaining = FREEZE.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);
            Thread.sleep(Math.max(0, remaining)); // the freeze's length is the scenario itself
            signal("CONT", pid);
            client.awaitServing(all, Duration.ofSeconds(90));
            assertThat(lab.node(3).restarts()).as("node-3 started again to rejoin").isEqualTo(1);
            int back = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= back + 300);
        } finally {
            load.close();
        }
        JournalAudit audit = JournalAudit.of(load.attempts(), client.journals(keys), List.of());
        System.out.println("FreezeTest: " + audit);
        assertThat(audit.duplicateSeqs()).as("sequence numbers acknowledged twice").isEmpty();
        assertThat(audit.lost()).as("acknowledged writes missing from the journals").isEmpty();
        assertThat(audit.misplaced()).as("acknowledged writes at another sequence number").isEmpty();
        assertThat(audit.twice()).as("tags journalled twice").isEmpty();
        assertThat(audit.phantoms()).as("journalled tags no call sent").isEmpty();
    }

    /** For each key with an acknowledged write issued after {@code since}: ms from then to the first one's reply. */
    private static Map<String, Long> answeredSince(SplitLoad load, List<String> keys, long since) {
        Map<String, Long> first = new HashMap<>();
        for (SplitLoad.Attempt a : load.attempts()) {
            if (a.acknowledged() && a.startNanos() >= since) {
                first.merge(a.key(), TimeUnit.NANOSECONDS.toMillis(a.endNanos() - since), Math::min);
            }
        }
        first.keySet().retainAll(keys);
        return first;
    }

    private static void signal(String name, long pid) {
        NetnsLab.Result r = NetnsLab.run(List.of("kill", "-" + name, String.valueOf(pid)));
        assertThat(r.code()).as("kill -" + name + " " + pid + ": " + r.out()).isZero();
    }
}
