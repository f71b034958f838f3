package io.botgrid.actor;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The outcome of one turn: the events to persist (possibly none) and how to reply once they are durable.
 *
 * <p>Built with the static factories: {@code Effect.reply(r)}, {@code Effect.persist(e).thenReply(s -> r)},
 * {@code Effect.reject("why")}. The reply function sees the state after the events were applied.
 *
 * @param <E> event type
 * @param <S> state type
 * @param <R> reply type
 */
public final class Effect<E, S, R> {
    private final List<E> events;
    private final Function<? super S, ? extends R> reply;
    private final String rejection;
    private final CompletionStage<Effect<E, S, R>> later;

    private Effect(List<E> events, Function<? super S, ? extends R> reply, String rejection) {
        this(events, reply, rejection, null);
    }

    private Effect(List<E> events, Function<? super S, ? extends R> reply, String rejection,
                   CompletionStage<Effect<E, S, R>> later) {
        this.events = events;
        this.reply = reply;
        this.rejection = rejection;
        this.later = later;
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
        return new Effect<>(List.of(), null, null, Objects.requireNonNull(decision, "decision"));
    }

    /** The pending decision of an {@link #async} effect, or {@code null} for an effect decided now. */
    public CompletionStage<Effect<E, S, R>> later() {
        return later;
    }

    /** Replies without persisting anything. */
    public static <E, S, R> Effect<E, S, R> reply(R reply) {
        Objects.requireNonNull(reply, "reply");
        return new Effect<>(List.of(), s -> reply, null);
    }

    /** Replies with a value computed from the current state, persisting nothing. */
    public static <E, S, R> Effect<E, S, R> replyWith(Function<? super S, ? extends R> reply) {
        return new Effect<>(List.of(), Objects.requireNonNull(reply, "reply"), null);
    }

    /** Refuses the command: the caller gets {@link CommandRejectedException} with this reason. */
    public static <E, S, R> Effect<E, S, R> reject(String reason) {
        return new Effect<>(List.of(), null, Objects.requireNonNull(reason, "reason"));
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
            return new Effect<>(events, Objects.requireNonNull(reply, "reply"), null);
        }

        /** Replies with a fixed value once the events are durable. */
        public <S, R> Effect<E, S, R> thenReply(R reply) {
            Objects.requireNonNull(reply, "reply");
            return new Effect<>(events, s -> reply, null);
        }
    }

    /** The events to persist, in order; empty for a reply-only effect. */
    public List<E> events() {
        return events;
    }

    /** The rejection reason, or {@code null} if the command was accepted. */
    public String rejection() {
        return rejection;
    }

    /** Computes the reply from the state after the events. */
    public R replyFor(S state) {
        return reply.apply(state);
    }
}
