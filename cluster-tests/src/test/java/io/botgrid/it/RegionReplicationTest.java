package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.CallSettings;
import io.botgrid.testkit.TestCluster;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replication between regions: two clusters in one JVM, region "eu" (A) shipping its journals to its standby "us"
 * (B) over B's gRPC front. What A writes shows up in B, identical (sequence numbers, idempotency keys and replies
 * included, so nothing twice); shipping resumes after B restarts (A keeps writing meanwhile) and after A crashes and
 * restarts. B, a standby, refuses writes; once A is gone and B promoted, an SDK client built with both regions fails
 * over to B, where a call retried with its idempotency key gets its first answer again and the actors go on with
 * their whole history; A, back, learns it is fenced and refuses writes until demoted (then it is B's standby).
 */
class RegionReplicationTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    @Timeout(240)
    void journalsReachTheStandbyInOrderWithoutDuplicatesAcrossRestartsOfEitherSide() throws Exception {
        int standbyPort = freePort();
        int sourcePort = freePort();
        try (TestCluster b = TestCluster.builder().nodes(1).namePrefix("us").actorTypes(new LedgerTypes().get())
                .configure(c -> c.region("us").grpcPort(standbyPort)).start();
             TestCluster a = TestCluster.builder().nodes(1).namePrefix("eu").actorTypes(new LedgerTypes().get())
                     .configure(c -> c.region("eu").grpcPort(sourcePort)
                             .standbyEndpoints(List.of("127.0.0.1:" + standbyPort))).start();
             BotgridClient client = BotgridClient.builder()
                     .region("eu", "127.0.0.1:" + sourcePort).region("us", "127.0.0.1:" + standbyPort)
                     .preferredRegion("eu").homeRegions((type, key) -> "eu").build()) {
            List<ActorId> actors = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                actors.add(ActorId.of(LedgerTypes.LEDGER, "region-" + i));
            }
            write(a, actors, "first", 10);
            awaitSameJournals(a, b, actors);
            assertThat(metricNames(a)).contains("botgrid_replication_lag_seconds",
                    "botgrid_replication_records_shipped", "botgrid_replication_ship_lag_seconds");

            b.stopAll(); // the standby goes away; the source keeps writing and retries
            write(a, actors, "while-b-down", 5);
            b.restartAll();
            awaitSameJournals(a, b, actors);

            a.killNode(0); // the source crashes; its shipped positions are on its disk
            a.startNode(0);
            a.awaitStable();
            write(a, actors, "after-a-restart", 5);
            awaitSameJournals(a, b, actors);

            // through the SDK: each call goes to the home region, eu, with an idempotency key
            List<String> replies = new ArrayList<>();
            for (ActorId id : actors) {
                replies.add(client.actors().call(id.type(), id.key(), cmd("append:sdk"), StringValue.class,
                        CallSettings.DEFAULT.withIdempotencyKey("sdk-" + id.key())).join().getValue());
                assertThat(JournalCheck.events(a.node(0).events(), id)).endsWith("sdk");
            }
            awaitSameJournals(a, b, actors);
            assertThat(client.cluster().regionRole("eu").join()).isEqualTo("active");
            assertThat(client.cluster().regionRole("us").join()).isEqualTo("standby:eu");
            assertThatThrownBy(() -> b.client().<StringValue>ask(actors.get(0), cmd("append:not-home")).join())
                    .hasMessageContaining("region us is the standby of region eu");
            assertThatThrownBy(() -> client.cluster().promoteRegion("eu").join())
                    .hasMessageContaining("region eu is active, not a standby");

            a.killNode(0); // region eu lost: us is promoted, and the SDK fails over to it
            assertThat(client.cluster().promoteRegion("us").join()).isEqualTo("promoted:eu");
            for (int i = 0; i < actors.size(); i++) {
                ActorId id = actors.get(i);
                String again = client.actors().call(id.type(), id.key(), cmd("append:sdk"), StringValue.class,
                        CallSettings.DEFAULT.withIdempotencyKey("sdk-" + id.key())).join().getValue();
                assertThat(again).as("a retry with the same key, answered by the standby").isEqualTo(replies.get(i));
                String count = client.actors().call(id.type(), id.key(), cmd("count"), StringValue.class)
                        .join().getValue();
                assertThat(Integer.parseInt(count)).as("%s in the standby", id).isEqualTo(21);
                client.actors().call(id.type(), id.key(), cmd("append:in-us"), StringValue.class).join();
                List<String> events = JournalCheck.events(b.node(0).events(), id);
                assertThat(events).hasSize(22).endsWith("sdk", "in-us").doesNotHaveDuplicates();
            }

            // eu comes back: its first contact with us tells it that us was promoted over it, and it is fenced
            a.startNode(0);
            a.awaitStable();
            await().atMost(BOUND).until(() -> client.cluster().regionRole("eu").join().equals("fenced:us"));
            assertThatThrownBy(() -> a.client().<StringValue>ask(actors.get(0), cmd("append:stale")).join())
                    .hasMessageContaining("region eu is fenced: region us was promoted over it");
            assertThat(client.cluster().demoteRegion("eu").join()).isEqualTo("standby:us");
            assertThatThrownBy(() -> a.client().<StringValue>ask(actors.get(0), cmd("append:stale")).join())
                    .hasMessageContaining("region eu is the standby of region us");
        }
    }

    /**
     * The role is one stored value for the whole region, changed through whichever node an operator or a shipment
     * reaches: every node of the region must enforce it, whichever node made the change.
     */
    @Test
    @Timeout(120)
    void aRoleChangedThroughOneNodeIsEnforcedOnEveryNodeOfTheRegion() throws Exception {
        int sourcePort = freePort();
        try (TestCluster us = TestCluster.builder().nodes(2).namePrefix("us").actorTypes(new LedgerTypes().get())
                .configure(c -> c.region("us")).start()) {
            List<String> usEndpoints = List.of("127.0.0.1:" + us.node(0).grpcPort(),
                    "127.0.0.1:" + us.node(1).grpcPort());
            try (TestCluster eu = TestCluster.builder().nodes(1).namePrefix("eu").actorTypes(new LedgerTypes().get())
                    .configure(c -> c.region("eu").grpcPort(sourcePort).standbyEndpoints(usEndpoints)).start();
                 BotgridClient first = BotgridClient.builder().region("us", usEndpoints.get(0)).build();
                 BotgridClient second = BotgridClient.builder().region("us", usEndpoints.get(1)).build()) {
                List<ActorId> actors = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    actors.add(ActorId.of(LedgerTypes.LEDGER, "roles-" + i));
                }
                write(eu, actors, "shipped", 2);
                awaitSameJournals(eu, us, actors);
                List<ActorId> ownedBy = List.of(ownedBy(us, 0), ownedBy(us, 1));
                for (int n = 0; n < 2; n++) {
                    BotgridClient node = n == 0 ? first : second;
                    await().atMost(BOUND).untilAsserted(() -> assertThat(node.cluster().regionRole("us").join())
                            .as("the role on each node of us").isEqualTo("standby:eu"));
                    ActorId id = ownedBy.get(n);
                    assertThatThrownBy(() -> us.client().<StringValue>ask(id, cmd("append:not-home")).join())
                            .hasMessageContaining("region us is the standby of region eu");
                }

                // promoted through the second node: the first enforces it too, and takes writes for its actors
                assertThat(second.cluster().promoteRegion("us").join()).isEqualTo("promoted:eu");
                await().atMost(BOUND).untilAsserted(() -> assertThat(first.cluster().regionRole("us").join())
                        .as("the role on the first node").isEqualTo("promoted:eu"));
                for (ActorId id : ownedBy) {
                    await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> assertThat(
                            us.client().<StringValue>ask(id, cmd("append:promoted")).join().getValue())
                            .as("the count of %s's tags after its first write in us", id).isEqualTo("1"));
                }
            }
        }
    }

    /** An actor whose activation lives on node {@code n} of the cluster. */
    private static ActorId ownedBy(TestCluster cluster, int n) {
        for (int i = 0; ; i++) {
            ActorId id = ActorId.of(LedgerTypes.LEDGER, "owned-" + n + "-" + i);
            if (cluster.ownerOf(id).map(owner -> owner == cluster.node(n)).orElse(false)) {
                return id;
            }
        }
    }

    private static void write(TestCluster cluster, List<ActorId> actors, String tag, int each) {
        for (int n = 0; n < each; n++) {
            for (ActorId id : actors) {
                cluster.client().<StringValue>ask(id, cmd("append:" + tag + "-" + n)).join();
            }
        }
    }

    /** Within {@link #BOUND}, B's journal of every actor is A's, record for record. */
    private static void awaitSameJournals(TestCluster a, TestCluster b, List<ActorId> actors) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (ActorId id : actors) {
                List<String> source = JournalCheck.events(a.node(0).events(), id);
                assertThat(JournalCheck.events(b.node(0).events(), id)).as("standby journal of %s", id)
                        .isEqualTo(source);
            }
        });
    }

    private static List<String> metricNames(TestCluster cluster) {
        return cluster.node(0).metrics().registry().scrape().stream().map(MetricSnapshot::getMetadata)
                .map(m -> m.getPrometheusName()).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
