package io.botgrid.bots;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's message as a handler sees it, whatever platform it came from.
 *
 * @param messageId the platform's id of the message (unique within the session)
 * @param userId the platform's id of the sender
 * @param text the text
 * @param receivedAt when Botgrid received it
 */
public record IncomingText(String messageId, String userId, String text, Instant receivedAt) {
    public IncomingText {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
