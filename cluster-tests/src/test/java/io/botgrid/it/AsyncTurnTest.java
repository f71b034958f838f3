package io.botgrid.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Int64Value;
import com.google.protobuf.Parser;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTurnFailedException;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.testkit.TestCluster;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous turns ({@link Effect#async}): the actor waits for the decision without holding a thread, takes no
 * other message meanwhile, and other actors go on; a failed decision persists nothing.
 */
class AsyncTurnTest {
    private static final String TYPE = "gate";
    /** Decisions the test completes by hand, by gate name (one JVM: the behaviour sees this map). */
    private static final Map<String, CompletableFuture<Effect<StringValue, Long, Int64Value>>> GATES =
            new ConcurrentHashMap<>();
    private static TestCluster cluster;
    private static ActorClient client;

    /** "wait:NAME" persists a tag once gate NAME opens; "count" replies the number of tags persisted. */
    static final class Gate implements EventSourcedBehavior<StringValue, StringValue, Long, Int64Value> {
        @Override
        public Parser<StringValue> commandParser() {
            return StringValue.parser();
        }

        @Override
        public Parser<StringValue> eventParser() {
            return StringValue.parser();
        }

        @Override
        public Parser<Int64Value> replyParser() {
            return Int64Value.parser();
        }

        @Override
        public Long emptyState(ActorId id) {
            return 0L;
        }

        @Override
        public Effect<StringValue, Long, Int64Value> handle(Long count, StringValue command,
                                                            ActorContext<StringValue> context) {
            String c = command.getValue();
            if (c.startsWith("wait:")) {
                return Effect.async(GATES.computeIfAbsent(c.substring(5), k -> new CompletableFuture<>()));
            }
            return Effect.reply(Int64Value.of(count));
        }

        @Override
        public Long apply(Long count, StringValue event) {
            return count + 1;
        }
    }

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(1)
                .actorTypes(ActorTypes.builder().register(TYPE, new Gate()).build()).start();
        client = cluster.node(0).actors();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static CompletableFuture<Int64Value> ask(String key, String command) {
        return client.ask(ActorId.of(TYPE, key), StringValue.of(command));
    }

    private static Effect<StringValue, Long, Int64Value> persistTag() {
        return Effect.persist(StringValue.of("tag")).thenReply(Int64Value::of);
    }

    @Test
    void theActorWaitsForTheDecisionWhileOthersGoOn() {
        CompletableFuture<Int64Value> open = ask("a", "wait:a1");
        CompletableFuture<Int64Value> queued = ask("a", "count");
        assertThat(ask("b", "count").join().getValue()).as("another actor is not held up").isZero();
        await().during(java.time.Duration.ofMillis(300)).until(() -> !open.isDone() && !queued.isDone());

        GATES.get("a1").complete(persistTag());
        assertThat(open.join().getValue()).as("the decided effect persisted and replied").isEqualTo(1);
        assertThat(queued.join().getValue()).as("the queued message saw the persisted event").isEqualTo(1);
    }

    @Test
    void aFailedDecisionFailsTheCallAndPersistsNothing() {
        CompletableFuture<Int64Value> open = ask("c", "wait:c1");
        await().until(() -> GATES.containsKey("c1"));
        GATES.get("c1").completeExceptionally(new IllegalStateException("web service down"));
        assertThatThrownBy(open::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ActorTurnFailedException.class)
                .hasMessageContaining("web service down").hasMessageContaining("nothing was persisted");
        assertThat(ask("c", "count").join().getValue()).isZero();
    }

    @Test
    void aNestedAsynchronousDecisionIsRefused() {
        CompletableFuture<Int64Value> open = ask("d", "wait:d1");
        await().until(() -> GATES.containsKey("d1"));
        GATES.get("d1").complete(Effect.async(new CompletableFuture<>()));
        assertThatThrownBy(open::join).hasCauseInstanceOf(ActorTurnFailedException.class)
                .hasMessageContaining("not itself asynchronous");
        assertThat(ask("d", "count").join().getValue()).isZero();
    }

    @Test
    void aForcedPassivationWaitsForTheTurnInFlightThenCloses() {
        ActorId id = ActorId.of(TYPE, "e");
        CompletableFuture<Int64Value> open = ask("e", "wait:e1");
        await().until(() -> GATES.containsKey("e1"));
        CompletableFuture<Boolean> passivated = cluster.node(0).passivate(id);
        await().during(java.time.Duration.ofMillis(200)).until(() -> !passivated.isDone());

        GATES.get("e1").complete(persistTag());
        assertThat(passivated.join()).as("closed once the turn ended, without polling").isTrue();
        assertThat(open.join().getValue()).isEqualTo(1);
        assertThat(cluster.node(0).isActive(id)).isFalse();
        assertThat(ask("e", "count").join().getValue()).as("a new activation recovers the event").isEqualTo(1);
    }
}
