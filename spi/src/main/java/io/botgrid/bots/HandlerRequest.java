package io.botgrid.bots;

import java.util.Objects;

/**
 * Everything a handler may know when it answers one message.
 *
 * <p>Why a view and not the session itself: the session actor stays the only writer of conversation state; a
 * handler says what should change through {@link HandlerResult}.
 *
 * @param actors calls to the cluster's actors, keyed by this message (see {@link ActorCalls})
 * @param partials where the reply may be shown while it is produced (see {@link PartialReplies})
 */
public record HandlerRequest(String botId, SessionView session, IncomingText message, ActorCalls actors,
                             PartialReplies partials) {
    public HandlerRequest {
        Objects.requireNonNull(actors, "actors");
        Objects.requireNonNull(partials, "partials");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(message, "message");
    }

    /** A request whose partial replies go nowhere ({@link PartialReplies#NONE}). */
    public HandlerRequest(String botId, SessionView session, IncomingText message, ActorCalls actors) {
        this(botId, session, message, actors, PartialReplies.NONE);
    }

    /** A request whose handler may not call actors ({@link ActorCalls#unavailable()}): for tests of handlers. */
    public HandlerRequest(String botId, SessionView session, IncomingText message) {
        this(botId, session, message, ActorCalls.unavailable());
    }
}
