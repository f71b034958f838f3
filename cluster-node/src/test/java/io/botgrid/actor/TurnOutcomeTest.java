package io.botgrid.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Parser;
import com.google.protobuf.StringValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The semantics of {@link Effect} as carried out by {@link TurnOutcome}, the turn logic runtime and test kit share. */
class TurnOutcomeTest {
    /** State: the concatenated events. */
    private static final EventSourcedBehavior<StringValue, StringValue, String, StringValue> CONCAT =
            new EventSourcedBehavior<>() {
                @Override
                public Parser<StringValue> commandParser() {
                    return StringValue.parser();
                }

                @Override
                public Parser<StringValue> eventParser() {
                    return StringValue.parser();
                }

                @Override
                public Parser<StringValue> replyParser() {
                    return StringValue.parser();
                }

                @Override
                public String emptyState(ActorId id) {
                    return "";
                }

                @Override
                public Effect<StringValue, String, StringValue> handle(String state, StringValue command,
                                                                       ActorContext<StringValue> context) {
                    throw new UnsupportedOperationException("the test builds effects itself");
                }

                @Override
                public String apply(String state, StringValue event) {
                    return state + event.getValue();
                }
            };

    private static StringValue s(String text) {
        return StringValue.of(text);
    }

    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void sideEffectsRunOnlyWhenAskedWithTheStateAfterTheEventsInOrder() {
        Effect<StringValue, String, StringValue> effect = Effect.persistAll(List.of(s("a"), s("b")))
                .<String, StringValue>thenReply(st -> s("reply:" + st))
                .thenRun(st -> ran.add("first:" + st))
                .thenRun(st -> ran.add("second:" + st));

        TurnOutcome<StringValue, String, StringValue> outcome = TurnOutcome.of(CONCAT, "x", effect);
        assertThat(outcome.events()).containsExactly(s("a"), s("b"));
        assertThat(outcome.state()).isEqualTo("xab");
        assertThat(outcome.reply()).isEqualTo(s("reply:xab"));
        assertThat(ran).as("nothing runs before the events are stored").isEmpty();

        CompletableFuture<Void> done = outcome.runSideEffects(Runnable::run, e -> ran.add("failed: " + e));
        assertThat(done).isCompleted();
        assertThat(ran).containsExactly("first:xab", "second:xab");
    }

    @Test
    void effectsAreImmutable() {
        Effect<StringValue, String, StringValue> plain = Effect.persist(s("a")).thenReply(s("ok"));
        Effect<StringValue, String, StringValue> withSideEffect = plain.thenRun(st -> ran.add(st));
        TurnOutcome.of(CONCAT, "", plain).runSideEffects(Runnable::run, e -> { }).join();
        assertThat(ran).isEmpty();
        TurnOutcome.of(CONCAT, "", withSideEffect).runSideEffects(Runnable::run, e -> { }).join();
        assertThat(ran).containsExactly("a");
    }

    @Test
    void replyOnlyEffectsRunTheirSideEffectsWithTheUnchangedState() {
        Effect<StringValue, String, StringValue> effect = Effect.<StringValue, String, StringValue>reply(s("r"))
                .thenRun(st -> ran.add("saw:" + st));
        TurnOutcome<StringValue, String, StringValue> outcome = TurnOutcome.of(CONCAT, "x", effect);
        assertThat(outcome.events()).isEmpty();
        outcome.runSideEffects(Runnable::run, e -> { }).join();
        assertThat(ran).containsExactly("saw:x");
        assertThat(outcome.reply()).isEqualTo(s("r"));
    }

    @Test
    void anAsynchronousSideEffectHoldsBackTheRestAndFailuresDoNotStopThem() {
        CompletableFuture<Void> write = new CompletableFuture<>();
        List<Throwable> failures = new ArrayList<>();
        Effect<StringValue, String, StringValue> effect = Effect.persist(s("a"))
                .<String, StringValue>thenReply(s("ok"))
                .thenRun(st -> {
                    throw new IllegalStateException("first fails");
                })
                .thenRunAsync(st -> write)
                .thenRun(st -> ran.add("after the write"));
        CompletableFuture<Void> done = TurnOutcome.of(CONCAT, "", effect).runSideEffects(Runnable::run, failures::add);
        assertThat(done).isNotDone();
        assertThat(ran).isEmpty();
        write.completeExceptionally(new IllegalStateException("write failed"));
        assertThat(done).isCompleted();
        assertThat(ran).containsExactly("after the write");
        assertThat(failures).extracting(Throwable::getMessage).containsExactly("first fails", "write failed");
    }

    @Test
    void aTimedOutRunStartsNoFurtherSideEffect() {
        CompletableFuture<Void> write = new CompletableFuture<>();
        Effect<StringValue, String, StringValue> effect = Effect.persist(s("a"))
                .<String, StringValue>thenReply(s("ok"))
                .thenRunAsync(st -> write)
                .thenRun(st -> ran.add("late"));
        CompletableFuture<Void> done = TurnOutcome.of(CONCAT, "", effect).runSideEffects(Runnable::run, e -> { });
        done.completeExceptionally(new java.util.concurrent.TimeoutException());
        write.complete(null);
        assertThat(ran).isEmpty();
    }

    @Test
    void rejectionsCarryTheirCodeAndHaveNoSideEffects() {
        Effect<StringValue, String, StringValue> plain = Effect.reject("not today");
        assertThat(plain.rejectionCode()).isEqualTo(RejectionCode.FAILED_PRECONDITION);
        Effect<StringValue, String, StringValue> typed = Effect.reject(RejectionCode.NOT_FOUND, "no such thing");
        assertThatThrownBy(() -> typed.thenRun(st -> ran.add(st))).isInstanceOf(IllegalStateException.class);

        TurnOutcome<StringValue, String, StringValue> outcome = TurnOutcome.of(CONCAT, "x", typed);
        assertThat(outcome.isRejected()).isTrue();
        assertThat(outcome.state()).isEqualTo("x");
        assertThat(outcome.events()).isEmpty();
        CommandRejectedException e = outcome.rejectedException(ActorId.of("t", "k"));
        assertThat(e.code()).isEqualTo(ErrorCode.COMMAND_REJECTED);
        assertThat(e.rejectionCode()).isEqualTo(RejectionCode.NOT_FOUND);
        assertThat(e.reason()).isEqualTo("no such thing");
        assertThat(e.getMessage()).isEqualTo("t/k rejected the command: no such thing");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void asynchronousEffectsMustBeDecidedFirst() {
        Effect<StringValue, String, StringValue> later = Effect.async(new CompletableFuture<>());
        assertThatThrownBy(() -> later.thenRun(st -> ran.add(st))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TurnOutcome.of(CONCAT, "", later)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFailureStatesItsCodeAndRetryability() {
        assertThat(new JournalUnavailableException("x").code()).isEqualTo(ErrorCode.JOURNAL_UNAVAILABLE);
        assertThat(new JournalUnavailableException("x").isRetryable()).isTrue();
        assertThat(new ActorCallTimeoutException("x").isRetryable()).isTrue();
        assertThat(new ClusterUnavailableException("x").isRetryable()).isTrue();
        assertThat(new ActorTurnFailedException("x").isRetryable()).isFalse();
        assertThat(new MalformedCommandException("x").code()).isEqualTo(ErrorCode.MALFORMED_COMMAND);
        assertThat(new CommandRejectedException("x").rejectionCode()).isEqualTo(RejectionCode.FAILED_PRECONDITION);
    }
}
