package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.internal.Stores;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.apache.ignite.Ignite;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.continuous.GridContinuousProcessor;
import org.apache.ignite.spi.systemview.view.ContinuousQueryView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node's follows share one continuous query on the journal: with a query per follow, every journal write of the
 * cluster ran every query's filter and backup bookkeeping, and 1,000 open follows made W1 about 50× slower. Each
 * follow still gets exactly its own actor's events, in order, and the query goes once the last follow is closed.
 */
class FollowFeedTest {
    private static final int ACTORS = 40;
    private static final int EVENTS = 3;

    @Test
    @Timeout(120)
    void followsOfOneNodeShareOneQueryAndEachGetsOnlyItsActorsEvents() throws Exception {
        ExecutorService io = Executors.newFixedThreadPool(4);
        try (TestCluster cluster = TestCluster.builder().nodes(2).namePrefix("feed")
                .actorTypes(new LedgerTypes().get()).start()) {
            Ignite follower = cluster.node(0).ignite();
            assertThat(journalQueriesOf(follower)).isZero();
            List<ActorId> actors = new ArrayList<>();
            List<FollowRecorder> recorders = new ArrayList<>();
            for (int i = 0; i < ACTORS; i++) {
                ActorId id = ActorId.of(LedgerTypes.LEDGER, "feed-" + i);
                actors.add(id);
                recorders.add(FollowRecorder.follow(cluster.node(0), id, io));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> recorders.stream().allMatch(r -> r.caughtUp));
            assertThat(journalQueriesOf(follower)).as("journal queries of the node with %d follows", ACTORS)
                    .isEqualTo(1);

            for (int n = 0; n < EVENTS; n++) {
                for (ActorId id : actors) {
                    cluster.client().<StringValue>ask(id, cmd("append:" + id.key() + "-" + n)).join();
                }
            }
            for (int i = 0; i < ACTORS; i++) {
                FollowRecorder recorder = recorders.get(i);
                String key = actors.get(i).key();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorder.entries)
                        .as("events through the follow of %s", key).hasSize(EVENTS));
                assertThat(recorder.entries).extracting(JournalEntry::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).boxed().toList());
                assertThat(recorder.entries).extracting(e -> e.event().toString())
                        .allMatch(text -> text.contains(key + "-"), "only events of " + key);
                assertThat(recorder.error.get()).isNull();
            }

            recorders.forEach(r -> r.subscription.close());
            await().atMost(Duration.ofSeconds(30)).until(() -> journalQueriesOf(follower) == 0);
        } finally {
            io.shutdownNow();
        }
    }

    /** Continuous queries on the journal that {@code node} started, as its system view lists them. */
    private static long journalQueriesOf(Ignite node) {
        UUID id = node.cluster().localNode().id();
        Iterable<ContinuousQueryView> view = ((IgniteEx) node).context().systemView()
                .view(GridContinuousProcessor.CQ_SYS_VIEW);
        return StreamSupport.stream(view.spliterator(), false)
                .filter(q -> Stores.JOURNAL.equals(q.cacheName()) && id.equals(q.nodeId())).count();
    }
}
