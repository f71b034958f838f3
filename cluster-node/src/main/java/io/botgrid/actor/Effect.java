package io.botgrid.actor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The outcome of one turn: the events to persist (possibly none), how to reply once they are durable, and the side
 * effects to run once they are.
 *
 * <p>Built with the static factories: {@code Effect.reply(r)}, {@code Effect.persist(e).thenReply(s -> r)},
 * {@code Effect.reject(RejectionCode.NOT_FOUND, "why")}. The reply function sees the state after the events were
 * applied. Effects are immutable: {@link #thenRun} returns a new effect.
 *
 * <p>Why side effects are part of the effect: {@code handle} only decides. Anything with an outside effect (calling
 * a service, sending a message, starting a timer, writing a reminder, counting) belongs in {@link #thenRun} or
 * {@link #thenRunAsync}, which the runtime runs only after the events are durable and applied, on the actor's turn,
 * before the reply goes out. So a turn whose append fails (the journal is lost, another activation wrote first)
 * leaves no trace outside the actor either. For a reply-only effect they run at once, before the reply.
 *
 * @param <E> event type
 * @param <S> state type
 * @param <R> reply type
 */
public final class Effect<E, S, R> {
    private final List<E> events;
    private final Function<? super S, ? extends R> reply;
    private final RejectionCode rejectionCode;
    private final String rejection;
    private final CompletionStage<Effect<E, S, R>> later;
    private final List<Function<? super S, ? extends CompletionStage<?>>> sideEffects;

    private Effect(List<E> events, Function<? super S, ? extends R> reply, RejectionCode rejectionCode,
                   String rejection, CompletionStage<Effect<E, S, R>> later,
                   List<Function<? super S, ? extends CompletionStage<?>>> sideEffects) {
        this.events = events;
        this.reply = reply;
        this.rejectionCode = rejectionCode;
        this.rejection = rejection;
        this.later = later;
        this.sideEffects = sideEffects;
    }

    private static <E, S, R> Effect<E, S, R> accepted(List<E> events, Function<? super S, ? extends R> reply) {
        return new Effect<>(events, reply, null, null, null, List.of());
    }

    /**
     * Decides later, without blocking a thread: the turn stays open (the actor takes no other message, its state
     * does not change) until {@code decision} completes, then the effect it completes with is carried out as if
     * {@code handle} had returned it. For turns that must wait on I/O, such as a bot handler that calls a web
     * service. The state the turn saw is still the actor's state when the decision arrives. A decision that fails,
     * or that does not arrive within the runtime's bound for open turns, fails the call and persists nothing. The
     * decision must not itself be asynchronous.
     */
    public static <E, S, R> Effect<E, S, R> async(CompletionStage<Effect<E, S, R>> decision) {
        return new Effect<>(List.of(), null, null, null, Objects.requireNonNull(decision, "decision"), List.of());
    }

    /** The pending decision of an {@link #async} effect, or {@code null} for an effect decided now. */
    public CompletionStage<Effect<E, S, R>> later() {
        return later;
    }

    /** Replies without persisting anything. */
    public static <E, S, R> Effect<E, S, R> reply(R reply) {
        Objects.requireNonNull(reply, "reply");
        return accepted(List.of(), s -> reply);
    }

    /** Replies with a value computed from the current state, persisting nothing. */
    public static <E, S, R> Effect<E, S, R> replyWith(Function<? super S, ? extends R> reply) {
        return accepted(List.of(), Objects.requireNonNull(reply, "reply"));
    }

    /**
     * Refuses the command with {@link RejectionCode#FAILED_PRECONDITION}: the caller gets
     * {@link CommandRejectedException} with this reason.
     */
    public static <E, S, R> Effect<E, S, R> reject(String reason) {
        return reject(RejectionCode.FAILED_PRECONDITION, reason);
    }

    /** Refuses the command: the caller gets {@link CommandRejectedException} with this code and reason. */
    public static <E, S, R> Effect<E, S, R> reject(RejectionCode code, String reason) {
        return new Effect<>(List.of(), null, Objects.requireNonNull(code, "code"),
                Objects.requireNonNull(reason, "reason"), null, List.of());
    }

    /** Persists one event; say how to reply with {@link Persist#thenReply}. */
    public static <E> Persist<E> persist(E event) {
        return new Persist<>(List.of(Objects.requireNonNull(event, "event")));
    }

    /** Persists several events atomically in order (all or none are acknowledged). */
    public static <E> Persist<E> persistAll(List<E> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("persistAll needs at least one event; use Effect.reply to persist none");
        }
        return new Persist<>(List.copyOf(events));
    }

    /** Events chosen for persisting, waiting for the reply. */
    public static final class Persist<E> {
        private final List<E> events;

        private Persist(List<E> events) {
            this.events = events;
        }

        /** Replies with a value computed from the state after the events are applied. */
        public <S, R> Effect<E, S, R> thenReply(Function<? super S, ? extends R> reply) {
            return accepted(events, Objects.requireNonNull(reply, "reply"));
        }

        /** Replies with a fixed value once the events are durable. */
        public <S, R> Effect<E, S, R> thenReply(R reply) {
            Objects.requireNonNull(reply, "reply");
            return accepted(events, s -> reply);
        }
    }

    /**
     * This effect, plus a side effect run with the state after the events once they are durable (at once for a
     * reply-only effect), on the actor's turn, before the reply. Side effects run in the order they were added and
     * never run if the append fails. Like {@code handle}, it must not block: the turn threads are shared by all
     * actors (use {@link #thenRunAsync} for work that waits). A side effect that throws is logged; the events stay
     * persisted and the caller still gets its reply.
     */
    public Effect<E, S, R> thenRun(Consumer<? super S> action) {
        Objects.requireNonNull(action, "action");
        return withSideEffect(s -> {
            action.accept(s);
            return null;
        });
    }

    /**
     * Like {@link #thenRun}, for a side effect that waits on I/O (a replicated write, say): the reply, the side
     * effects after it and the actor's next message wait until the stage it returns completes, within the runtime's
     * bound for open turns; a stage that fails is logged like a throwing {@link #thenRun}.
     */
    public Effect<E, S, R> thenRunAsync(Function<? super S, ? extends CompletionStage<?>> action) {
        return withSideEffect(Objects.requireNonNull(action, "action"));
    }

    private Effect<E, S, R> withSideEffect(Function<? super S, ? extends CompletionStage<?>> action) {
        if (later != null) {
            throw new IllegalStateException("add side effects to the effect an asynchronous turn decides on");
        }
        if (rejection != null) {
            throw new IllegalStateException("a rejected command has no side effects");
        }
        List<Function<? super S, ? extends CompletionStage<?>>> next = new ArrayList<>(sideEffects);
        next.add(action);
        return new Effect<>(events, reply, null, null, null, Collections.unmodifiableList(next));
    }

    /** The events to persist, in order; empty for a reply-only effect. */
    public List<E> events() {
        return events;
    }

    /** The rejection reason, or {@code null} if the command was accepted. */
    public String rejection() {
        return rejection;
    }

    /** The rejection code, or {@code null} if the command was accepted. */
    public RejectionCode rejectionCode() {
        return rejectionCode;
    }

    /** Computes the reply from the state after the events. */
    public R replyFor(S state) {
        return reply.apply(state);
    }

    /** The side effects, in order; {@link TurnOutcome} runs them. */
    List<Function<? super S, ? extends CompletionStage<?>>> sideEffects() {
        return sideEffects;
    }
}
