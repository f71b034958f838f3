package io.botgrid.bots;

import java.time.Instant;
import java.util.Objects;

/**
 * One message from a user, already normalized by its channel.
 *
 * <p>Why only text: handlers are platform-agnostic; whatever a platform adds (threads, attachments) stays with the
 * channel. {@code messageId} is stable across redeliveries, so handlers that call out can use it for idempotency.
 */
public record IncomingText(String messageId, String userId, String text, Instant receivedAt) {
    public IncomingText {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
