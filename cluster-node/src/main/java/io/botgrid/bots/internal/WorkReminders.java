package io.botgrid.bots.internal;

import io.botgrid.actor.ActorContext;
import io.botgrid.proto.v1.SessionCommand;
import io.botgrid.proto.v1.SessionDeliver;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable "work" reminder of sessions that have messages to handle or replies to deliver: it re-drives them after
 * a failover or a restart. Writing a reminder is a replicated write, so a busy session keeps its reminder armed
 * between messages instead of writing it twice per message: this node remembers which sessions it armed, and a
 * reminder that fires on an idle session removes itself. A session whose reminder this node did not arm (after a
 * failover, say) is armed again, which only rewrites the same reminder.
 */
final class WorkReminders {
    static final String NAME = "work";
    static final Duration PERIOD = Duration.ofSeconds(3);
    static final SessionCommand TICK = SessionCommand.newBuilder().setDeliver(SessionDeliver.getDefaultInstance())
            .build();

    private final Set<String> armed = ConcurrentHashMap.newKeySet();

    /** Whether {@link #arm} would write (this node has not armed the session's reminder). */
    boolean needsArming(ActorContext<SessionCommand> ctx) {
        return !armed.contains(ctx.id().key());
    }

    /** Arms the session's reminder unless this node already did; writes through, so call it off the turn threads. */
    void arm(ActorContext<SessionCommand> ctx) {
        String key = ctx.id().key();
        if (armed.add(key)) {
            try {
                ctx.reminders().register(NAME, PERIOD, PERIOD, TICK);
            } catch (RuntimeException e) {
                armed.remove(key);
                throw e;
            }
        }
    }

    /** Forgets that this node armed the session's reminder (its activation here ended). */
    void forget(String sessionKey) {
        armed.remove(sessionKey);
    }

    /** Removes the reminder of a session that has nothing left to do; off the turn threads too. */
    void disarm(ActorContext<SessionCommand> ctx) {
        armed.remove(ctx.id().key());
        ctx.reminders().unregister(NAME);
    }
}
