package io.botgrid.actor;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/**
 * What an actor type does: decide on commands, and fold events into state.
 *
 * <p>The runtime calls {@link #handle} with one command at a time (a turn), persists the events of the returned
 * {@link Effect} to the actor's journal, applies them with {@link #apply} and only then replies. On activation the
 * state is rebuilt by folding the journal (after the latest snapshot) with {@link #apply}, so {@code apply} must be
 * a pure function of the state and the event and must not throw for events it accepted before. States should be
 * immutable values: {@code apply} returns a new state rather than changing the old one, so a turn that fails halfway
 * leaves nothing behind.
 *
 * <p>Commands, events and replies are Protobuf messages so that they cross nodes and live in storage with
 * well-defined schema evolution. Implementations need no locks: turns of one actor never overlap.
 *
 * @param <C> the command message type
 * @param <E> the event message type
 * @param <S> the state type
 * @param <R> the reply message type
 */
public interface EventSourcedBehavior<C extends Message, E extends Message, S, R extends Message> {

    /** Parses commands that arrive from other nodes or from the gRPC front. */
    Parser<C> commandParser();

    /** Parses events read back from the journal. */
    Parser<E> eventParser();

    /** Parses replies, for callers on other nodes and for replies remembered under an idempotency key. */
    Parser<R> replyParser();

    /** The state of an actor that has no events yet. */
    S emptyState(ActorId id);

    /** Decides what a command does. Throwing fails the call with {@link ActorTurnFailedException}. */
    Effect<E, S, R> handle(S state, C command, ActorContext<C> context);

    /** Folds one event into the state. */
    S apply(S state, E event);

    /**
     * How to store the state in a snapshot, or {@code null} (the default) for a type that is never snapshotted and
     * always recovers by replaying its whole journal.
     */
    default SnapshotCodec<S> snapshotCodec() {
        return null;
    }
}
