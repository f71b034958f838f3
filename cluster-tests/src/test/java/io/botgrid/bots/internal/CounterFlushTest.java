package io.botgrid.bots.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorCallTimeoutException;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.CallOptions;
import io.botgrid.proto.v1.BotStats;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bot counter flushes on a real 2-node cluster, against the real Bot actor: a flush that the actor applied but whose
 * reply the node never saw (a timeout, a failover) is sent again, and the actor adds it once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CounterFlushTest {

    @Test
    void aFlushAppliedButNotAcknowledgedIsSentAgainAndCountedOnce() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(ActorTypes.none()).start()) {
            var bots = cluster.node(0).bots();
            bots.createBot(CreateBotRequest.newBuilder().setBotId("counted").setName("Counted").setHandler("echo")
                    .build()).join();
            LosesFirstReply actors = new LosesFirstReply(cluster.node(1).actors());
            // Flushed by hand below: the periodic flush is far away.
            BotCounters counters = new BotCounters(actors, scheduler, Duration.ofHours(1), "test-node");
            for (int i = 0; i < 5; i++) {
                counters.messageIn("counted", i == 0);
            }
            counters.replyOut("counted");
            counters.replyOut("counted");
            counters.error("counted");

            counters.flush(); // applied by the actor, but the reply is lost: the node sees a timeout
            await().atMost(Duration.ofSeconds(30)).until(() -> actors.lost.get() == 1);
            counters.messageIn("counted", false); // counted meanwhile: goes with the next flush, not the retry

            // Each flush() sends at most one call per bot: the retry first, then what accumulated since.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                counters.flush();
                return bots.stats("counted").join().getMessagesIn() >= 6;
            });
            BotStats stats = bots.stats("counted").join();
            assertThat(stats.getMessagesIn()).isEqualTo(6);
            assertThat(stats.getRepliesOut()).isEqualTo(2);
            assertThat(stats.getErrors()).isEqualTo(1);
            assertThat(stats.getSessions()).isEqualTo(1);

            assertThat(actors.calls.get()).as("the first try, its retry, the next flush").isEqualTo(3);
            counters.close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** The real actor client, except that the first call's reply (after the actor applied it) is lost. */
    private static final class LosesFirstReply implements ActorClient {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        private final ActorClient real;

        LosesFirstReply(ActorClient real) {
            this.real = real;
        }

        @Override
        public <R extends Message> CompletableFuture<R> ask(ActorId id, Message command, CallOptions options) {
            boolean lose = calls.incrementAndGet() == 1;
            return real.<R>ask(id, command, options).handle((r, error) -> {
                if (error == null && lose) {
                    lost.incrementAndGet();
                    throw new ActorCallTimeoutException("reply lost on the way back (test)");
                }
                if (error != null) {
                    throw new java.util.concurrent.CompletionException(error);
                }
                acknowledged.incrementAndGet();
                return r;
            });
        }

        @Override
        public CompletableFuture<ByteString> askBytes(ActorId id, ByteString command, CallOptions options) {
            return real.askBytes(id, command, options);
        }
    }
}
