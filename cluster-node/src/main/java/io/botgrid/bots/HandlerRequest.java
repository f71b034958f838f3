package io.botgrid.bots;

import java.util.Objects;

/**
 * One message for a handler, with the conversation it belongs to.
 *
 * @param botId the bot the message was sent to
 * @param session the conversation as it stood before this message
 * @param message the message
 */
public record HandlerRequest(String botId, SessionView session, IncomingText message) {
    public HandlerRequest {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(message, "message");
    }
}
