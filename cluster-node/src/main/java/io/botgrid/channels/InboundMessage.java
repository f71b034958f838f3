package io.botgrid.channels;

import java.time.Instant;
import java.util.Objects;

/**
 * A message from any platform, normalised so that the bots core routes, stores and de-duplicates it the same way
 * whatever its origin. The session it belongs to is {@code (botId, platform, team, conversation)}; {@code messageId}
 * is stable across the platform's redeliveries (Slack retries, webhook resends), which is what makes at-least-once
 * ingress safe.
 *
 * @param botId bot the message is addressed to
 * @param platform "slack", "webhook" or "grpc"
 * @param team workspace or tenant on the platform
 * @param conversation conversation within the team (for Slack: channel, thread and user)
 * @param userId author on the platform
 * @param messageId platform-unique, redelivery-stable id (for Slack: {@code slack:{event_id}})
 * @param text what the user wrote
 * @param receivedAt when this node received it
 * @param replyTo where replies to it go
 */
public record InboundMessage(String botId, String platform, String team, String conversation, String userId,
                             String messageId, String text, Instant receivedAt, ChannelTarget replyTo) {
    /** Requires every component. */
    public InboundMessage {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(replyTo, "replyTo");
    }
}
