package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whole-cluster restarts on the same data folders, and a node restarted on its own data. */
class RestartTest {

    private static String ask(TestCluster cluster, ActorId id, String command) {
        return cluster.client().<StringValue>ask(id, cmd(command)).join().getValue();
    }

    @Test
    @Timeout(240)
    void fullClusterRestartRecoversEveryActorAndFiresMissedRemindersOnce() {
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(new LedgerTypes().get()).start()) {
            Map<ActorId, String> expected = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                ActorId id = ActorId.of(i % 2 == 0 ? LedgerTypes.LEDGER : LedgerTypes.SNAPSHOTTED, "r-" + i);
                StringBuilder tags = new StringBuilder();
                for (int e = 0; e < 7; e++) {
                    ask(cluster, id, "append:" + i + "." + e);
                    tags.append(tags.length() == 0 ? "" : ",").append(i).append('.').append(e);
                }
                expected.put(id, tags.toString());
            }
            ActorId reminded = ActorId.of(LedgerTypes.LEDGER, "periodic");
            ask(cluster, reminded, "remind:tick:400:400");
            await().atMost(Duration.ofSeconds(10)).until(() -> ask(cluster, reminded, "count").equals("1"));
            ask(cluster, reminded, "remind:late:3000:0");

            cluster.stopAll();
            cluster.restartAll();

            for (Map.Entry<ActorId, String> e : expected.entrySet()) {
                assertThat(ask(cluster, e.getKey(), "tags")).as("%s after restart", e.getKey())
                        .isEqualTo(e.getValue());
            }
            // The one-shot reminder was due while the cluster was down: it fires once after the restart.
            await().atMost(Duration.ofSeconds(15)).until(() -> ask(cluster, reminded, "tags").contains("reminder-late"));
            ask(cluster, reminded, "unremind:tick");
            String tags = ask(cluster, reminded, "tags");
            assertThat(tags.split(",")).filteredOn(t -> t.equals("reminder-late")).hasSize(1);
        }
    }

    @Test
    @Timeout(180)
    void nodeRestartedOnItsDataRejoinsAndServes() {
        // Three nodes: with majority fencing, the one survivor of a crash in a 2-node cluster writes nothing.
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(new LedgerTypes().get()).start()) {
            Map<ActorId, Integer> counts = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                ActorId id = ActorId.of(LedgerTypes.LEDGER, "n-" + i);
                ask(cluster, id, "append:a");
                counts.put(id, 1);
            }
            cluster.killNode(1);
            cluster.awaitStable();
            for (ActorId id : counts.keySet()) {
                assertThat(ask(cluster, id, "append:b")).isEqualTo("2");
            }
            cluster.startNode(1);
            cluster.awaitStable();
            for (ActorId id : counts.keySet()) {
                assertThat(cluster.node(1).actors().<StringValue>ask(id, cmd("tags")).join().getValue())
                        .isEqualTo("a,b");
            }
        }
    }
}
