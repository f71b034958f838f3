package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.testkit.NodeProcess;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node loss under load with the nodes as separate JVM processes on 127.0.0.1, one killed with SIGKILL. */
class ProcessFailoverTest {

    @Test
    @Timeout(300)
    void kill9OfANodeProcessUnderLoadLosesNothingAcknowledged() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(new LedgerTypes().get()).start()) {
            NodeProcess second = NodeProcess.start(cluster.configFor(1), LedgerTypes.class);
            NodeProcess third = NodeProcess.start(cluster.configFor(2), LedgerTypes.class);
            try {
                second.awaitReady(Duration.ofSeconds(90));
                third.awaitReady(Duration.ofSeconds(90));
                cluster.expectExternalNodes(2);
                cluster.awaitStable();

                List<ActorId> actors = new ArrayList<>();
                Set<String> owners = new HashSet<>();
                for (int i = 0; i < 300; i++) {
                    ActorId id = ActorId.of(LedgerTypes.LEDGER, "proc-" + i);
                    actors.add(id);
                    owners.add(cluster.node(0).ownerOf(id));
                }
                assertThat(owners).as("actors owned by all three processes").hasSize(3);

                LoadUnderFailure load = new LoadUnderFailure(cluster.node(0).actors(), actors, 6, 1_000_000).start();
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 1_500);
                third.kill9();
                int atKill = load.acknowledgedCount();
                await().atMost(Duration.ofSeconds(90)).until(() -> load.acknowledgedCount() >= atKill + 1_500);
                load.stop();
                cluster.expectExternalNodes(1);
                cluster.awaitStable();

                assertThat(load.undeclaredErrors()).isEmpty();
                JournalCheck.assertExactlyOnce(cluster.node(0).events(), load.acknowledged());
                for (ActorId id : actors) {
                    String count = cluster.node(0).actors().<StringValue>ask(id, cmd("count")).join().getValue();
                    assertThat(Integer.parseInt(count))
                            .isEqualTo(JournalCheck.events(cluster.node(0).events(), id).size());
                }
            } finally {
                third.kill9();
                second.close();
            }
        }
    }
}
