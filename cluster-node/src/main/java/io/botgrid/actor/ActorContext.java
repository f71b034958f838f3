package io.botgrid.actor;

import java.time.Clock;

/**
 * What a turn may know and schedule besides its state. Valid only during the turn that received it.
 *
 * @param <C> the actor's command type
 */
public interface ActorContext<C> {

    ActorId id();

    /** Name of the node running this activation. */
    String nodeName();

    /** Sequence number of the last persisted event (0 for an actor with no events). */
    long lastSequenceNumber();

    /** The node's clock, to be used instead of the system clock so tests control time. */
    Clock clock();

    /** In-memory timers of this activation; they stop when the actor is passivated or moves. */
    Timers<C> timers();

    /** Durable reminders that wake the actor even after passivation, failover or a full restart. */
    Reminders<C> reminders();
}
