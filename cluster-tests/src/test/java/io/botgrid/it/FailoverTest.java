package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node loss under load, with all nodes in one JVM. */
class FailoverTest {

    @Test
    @Timeout(300)
    void abruptKillUnderLoadLosesNoAcknowledgedEventAndAppliesNoneTwice() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(new LedgerTypes().get()).start()) {
            List<ActorId> actors = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                actors.add(ActorId.of(LedgerTypes.LEDGER, "acct-" + i));
            }
            LoadUnderFailure load = new LoadUnderFailure(cluster.node(0).actors(), actors, 8, 1_000_000).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 3_000);

            cluster.killNode(2);
            int atKill = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(90)).until(() -> load.acknowledgedCount() >= atKill + 3_000);
            load.stop();
            cluster.awaitStable();

            assertThat(load.undeclaredErrors()).isEmpty();
            JournalCheck.assertExactlyOnce(cluster.node(0).events(), load.acknowledged());
            for (ActorId id : actors) {
                String count = cluster.node(1).actors().<StringValue>ask(id, cmd("count")).join().getValue();
                assertThat(Integer.parseInt(count)).as("%s answers with its whole journal", id)
                        .isEqualTo(JournalCheck.events(cluster.node(0).events(), id).size());
            }
        }
    }
}
