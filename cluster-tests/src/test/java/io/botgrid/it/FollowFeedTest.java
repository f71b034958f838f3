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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.apache.ignite.Ignite;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.continuous.GridContinuousProcessor;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.systemview.view.ContinuousQueryView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node's follows share one continuous query on the journal: with a query per follow, every journal write of the
 * cluster ran every query's filter and backup bookkeeping, and 1,000 open follows made W1 about 50× slower. Each
 * follow still gets exactly its own actor's events, in order, and the query goes once the last follow is closed. A
 * node is sent only the writes of the actors it follows.
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

    @Test
    @Timeout(180)
    void aNodeIsSentOnlyTheWritesOfActorsItFollows() throws Exception {
        ExecutorService io = Executors.newFixedThreadPool(2);
        try (TestCluster cluster = TestCluster.builder().nodes(3).namePrefix("feedf")
                .actorTypes(new LedgerTypes().get()).start()) {
            Ignite follower = cluster.node(0).ignite();
            ActorId followed = ownedElsewhere(cluster, "followed-", 1).get(0);
            FollowRecorder recorder = FollowRecorder.follow(cluster.node(0), followed, io);
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.caughtUp);
            List<ActorId> others = ownedElsewhere(cluster, "other-", ACTORS);
            // One write each first: after the query registered, Ignite sent the follower a notice for the first write
            // of each partition, filtered or not (37 for these 40 actors in one run), and none for the later ones.
            for (ActorId id : others) {
                cluster.client().<StringValue>ask(id, cmd("append:" + id.key() + "-first")).join();
            }

            long before = notificationsReceived(follower);
            for (int n = 0; n < EVENTS; n++) {
                for (ActorId id : others) {
                    cluster.client().<StringValue>ask(id, cmd("append:" + id.key() + "-" + n)).join();
                }
            }
            cluster.client().<StringValue>ask(followed, cmd("append:followed")).join();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorder.entries).hasSize(1));
            long received = notificationsReceived(follower) - before;

            // Without the filter every one of the other actors' writes is a notification to node 0 (all of them
            // are written on nodes 1 and 2: 121 in all); with it, only the followed actor's write is.
            assertThat(received).as("continuous-query notifications sent to node 0 for %d journal writes of actors "
                    + "it does not follow and 1 of the actor it follows", ACTORS * EVENTS).isBetween(1L, 10L);
            assertThat(recorder.entries.get(0).event().toString()).contains("followed");
            assertThat(recorder.error.get()).isNull();
            recorder.subscription.close();
        } finally {
            io.shutdownNow();
        }
    }

    /** {@code count} ledger actors whose owner is not node 0. */
    private static List<ActorId> ownedElsewhere(TestCluster cluster, String prefix, int count) {
        List<ActorId> ids = new ArrayList<>();
        for (int i = 0; ids.size() < count; i++) {
            ActorId id = ActorId.of(LedgerTypes.LEDGER, prefix + i);
            if (!cluster.node(0).name().equals(cluster.node(0).ownerOf(id))) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Continuous-query notifications {@code node} received from other nodes (Ignite's communication counters). */
    private static long notificationsReceived(Ignite node) {
        TcpCommunicationSpi spi = (TcpCommunicationSpi) node.configuration().getCommunicationSpi();
        return spi.getReceivedMessagesByType().entrySet().stream()
                .filter(e -> e.getKey().endsWith(".GridContinuousMessage")).mapToLong(Map.Entry::getValue).sum();
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
