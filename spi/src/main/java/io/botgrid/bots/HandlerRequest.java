package io.botgrid.bots;

import java.util.Objects;

/**
 * Everything a handler may know when it answers one message.
 *
 * <p>Why a view and not the session itself: the session actor stays the only writer of conversation state; a
 * handler says what should change through {@link HandlerResult}.
 */
public record HandlerRequest(String botId, SessionView session, IncomingText message) {
    public HandlerRequest {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(message, "message");
    }
}
