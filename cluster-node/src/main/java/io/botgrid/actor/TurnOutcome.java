package io.botgrid.actor;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The pure part of a turn: what an {@link Effect} does to a state, before and after its events are stored.
 *
 * <p>Why it is public: the runtime and the test kit ({@code BehaviorTestKit}) must carry out an effect the same
 * way: fold the events with {@code apply}, compute the reply from the resulting state, and run the side effects
 * only once the events are durable. Both use this class, so a behaviour tested with the kit behaves as it will in
 * the cluster. What stays with the caller is the I/O: appending {@link #events()} and sending {@link #reply()}.
 *
 * <p>Sequence: {@link #of} (may throw what {@code apply} or the reply function throws; nothing is stored then) →
 * if {@link #isRejected()}, fail the call; otherwise append the events → on success install {@link #state()},
 * {@link #runSideEffects}, then reply. On a failed append, drop the outcome: no side effect runs.
 *
 * @param <E> event type
 * @param <S> state type
 * @param <R> reply type
 */
public final class TurnOutcome<E, S, R> {
    private final Effect<E, S, R> effect;
    private final S state;
    private final R reply;

    private TurnOutcome(Effect<E, S, R> effect, S state, R reply) {
        this.effect = effect;
        this.state = state;
        this.reply = reply;
    }

    /**
     * Applies a decided effect to {@code state}: for an accepted command, folds its events with the behaviour's
     * {@code apply} and computes the reply; a rejection keeps the state and has no reply.
     *
     * @throws IllegalArgumentException if the effect is still {@link Effect#async undecided}
     * @throws RuntimeException         what {@code apply} or the reply function threw
     */
    public static <E extends Message, S, R extends Message> TurnOutcome<E, S, R> of(
            EventSourcedBehavior<?, E, S, R> behavior, S state, Effect<E, S, R> effect) {
        Objects.requireNonNull(effect, "effect");
        if (effect.later() != null) {
            throw new IllegalArgumentException("an asynchronous effect must be decided before it is carried out");
        }
        if (effect.rejection() != null) {
            return new TurnOutcome<>(effect, state, null);
        }
        S next = state;
        for (E event : effect.events()) {
            next = behavior.apply(next, event);
        }
        R reply = Objects.requireNonNull(effect.replyFor(next), "the reply function returned null");
        return new TurnOutcome<>(effect, next, reply);
    }

    public boolean isRejected() {
        return effect.rejection() != null;
    }

    /** The rejection code, or {@code null} for an accepted command. */
    public RejectionCode rejectionCode() {
        return effect.rejectionCode();
    }

    /** The rejection reason, or {@code null} for an accepted command. */
    public String rejection() {
        return effect.rejection();
    }

    /** The failure a caller of {@code actor} gets for a rejected command. */
    public CommandRejectedException rejectedException(ActorId actor) {
        if (!isRejected()) {
            throw new IllegalStateException("the command was accepted");
        }
        return new CommandRejectedException(effect.rejectionCode(), effect.rejection(),
                actor + " rejected the command: " + effect.rejection());
    }

    /** The events to append, in order; empty for a reply-only effect or a rejection. */
    public List<E> events() {
        return effect.events();
    }

    /** The state after the events (the state before, for a rejection). */
    public S state() {
        return state;
    }

    /** The reply, or {@code null} for a rejection. */
    public R reply() {
        return reply;
    }

    /**
     * Runs the side effects in order with {@link #state()}; call it only once the events are durable. Synchronous
     * ones run on the calling thread; after one that returned an unfinished stage, the rest run on {@code resume}
     * once it completes. A side effect that throws or whose stage fails is passed to {@code onFailure} and the next
     * one runs. The returned future completes when all have run; whoever completes it first (a timeout, say)
     * stops the side effects not started yet. A rejection has none.
     */
    public CompletableFuture<Void> runSideEffects(Executor resume, Consumer<Throwable> onFailure) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (isRejected()) {
            done.complete(null);
        } else {
            runFrom(0, resume, onFailure, done);
        }
        return done;
    }

    private void runFrom(int first, Executor resume, Consumer<Throwable> onFailure, CompletableFuture<Void> done) {
        List<Function<? super S, ? extends CompletionStage<?>>> actions = effect.sideEffects();
        for (int i = first; i < actions.size(); i++) {
            if (done.isDone()) {
                return;
            }
            CompletableFuture<?> stage;
            try {
                CompletionStage<?> s = actions.get(i).apply(state);
                stage = s == null ? null : s.toCompletableFuture();
            } catch (RuntimeException e) {
                onFailure.accept(e);
                continue;
            }
            if (stage == null) {
                continue;
            }
            if (!stage.isDone()) {
                int next = i + 1;
                stage.whenCompleteAsync((ignored, error) -> {
                    if (error != null) {
                        onFailure.accept(unwrap(error));
                    }
                    runFrom(next, resume, onFailure, done);
                }, resume);
                return;
            }
            if (stage.isCompletedExceptionally()) {
                stage.handle((ignored, error) -> error).thenAccept(error -> onFailure.accept(unwrap(error)));
            }
        }
        done.complete(null);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
