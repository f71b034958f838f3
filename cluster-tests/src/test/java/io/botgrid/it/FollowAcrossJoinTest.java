package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalEntry;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A follow opened before another node joins goes on delivering every event, also those of actors whose journal
 * partition the new node then holds as primary. With Ignite 2.17 a continuous query registered before a node joined
 * did not hear the writes whose primary was the new node (in a first probe, 96 of 200 heard against 200 of 200 for a
 * query registered after the join); the follows stalled there for good.
 */
class FollowAcrossJoinTest {
    private static final int ACTORS = 16;
    private static final int EVENTS = 5;

    @Test
    @Timeout(120)
    void followsOpenedBeforeANodeJoinedDeliverEveryEventWrittenAfter() throws Exception {
        ExecutorService io = Executors.newFixedThreadPool(4);
        try (TestCluster cluster = TestCluster.builder().nodes(2).namePrefix("join")
                .actorTypes(new LedgerTypes().get()).start()) {
            cluster.stopNode(1);
            List<ActorId> actors = new ArrayList<>();
            List<FollowRecorder> recorders = new ArrayList<>();
            for (int i = 0; i < ACTORS; i++) {
                ActorId id = ActorId.of(LedgerTypes.LEDGER, "join-" + i);
                actors.add(id);
                recorders.add(FollowRecorder.follow(cluster.node(0), id, io));
            }
            cluster.startNode(1);
            cluster.awaitStable();
            for (ActorId id : actors) {
                for (int n = 0; n < EVENTS; n++) {
                    cluster.client().<StringValue>ask(id, cmd("append:e-" + n)).join();
                }
            }
            for (int i = 0; i < ACTORS; i++) {
                FollowRecorder recorder = recorders.get(i);
                ActorId id = actors.get(i);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorder.entries)
                        .as("events of %s through its follow, opened before node 1 joined", id).hasSize(EVENTS));
                assertThat(recorder.entries).extracting(JournalEntry::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).boxed().toList());
                assertThat(recorder.error.get()).isNull();
            }
            recorders.forEach(r -> r.subscription.close());
        } finally {
            io.shutdownNow();
        }
    }
}
