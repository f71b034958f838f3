package io.botgrid.bots.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.UpdateBotRequest;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bot index follows the Bot actors' journals on a real 3-node cluster: the Bot actor writes the index once a
 * change is durable, and when its node dies between the append and that write, the index is re-derived from the
 * journal without anyone touching the bot again.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BotIndexFollowsJournalTest {

    @Test
    void aChangeWhoseIndexWriteWasLostInACrashIsListedAfterTheOwnerDies() {
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ActorTypes.none()).start()) {
            var api = cluster.node(0).bots();
            api.createBot(CreateBotRequest.newBuilder().setBotId("crashy").setName("Before").setHandler("echo")
                    .build()).join();
            Bot updated = api.updateBot(UpdateBotRequest.newBuilder().setBotId("crashy").setName("After").build())
                    .join();
            assertThat(updated.getVersion()).isEqualTo(2);
            ActorId id = BotIds.actorId("crashy");
            BotgridNode owner = cluster.ownerOf(id).orElseThrow();
            int ownerIndex = IntStream.range(0, 3).filter(i -> cluster.node(i) == owner).findFirst().orElseThrow();
            int survivor = (ownerIndex + 1) % 3;

            // What a crash of the owner between the journal append and the index write leaves: the journal has the
            // bot at version 2, the index has nothing of it (the create's write lost as well: the worst case).
            IgniteCache<String, byte[]> index = BotStores.bots(cluster.node(survivor).ignite());
            assertThat(BotDirectory.parse(index.get("crashy")).getVersion()).as("indexed by the actor").isEqualTo(2);
            index.remove("crashy");
            assertThat(listed(cluster, survivor)).as("the index lags the journal").isEmpty();

            cluster.killNode(ownerIndex);

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(listed(cluster, survivor))
                    .as("re-derived from the journal").containsExactly("After"));
            BotRecord indexed = BotDirectory.parse(index.get("crashy"));
            assertThat(indexed.getVersion()).isEqualTo(2);
        }
    }

    private static java.util.List<String> listed(TestCluster cluster, int node) {
        return cluster.node(node).bots().listBots(ListBotsRequest.newBuilder().build()).join().getBotsList().stream()
                .filter(b -> b.getBotId().equals("crashy")).map(Bot::getName).toList();
    }
}
