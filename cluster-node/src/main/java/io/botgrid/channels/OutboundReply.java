package io.botgrid.channels;

import java.util.Objects;

/**
 * A reply leaving through a channel. Delivery is retried until the platform confirms it, so the same reply may be
 * sent more than once; {@code replyId} is unique and stable across those attempts so that receivers (Slack message
 * metadata, the webhook's {@code Idempotency-Key}) can recognise a repeat.
 *
 * @param replyId unique, stable id of this reply
 * @param botId bot that replies
 * @param platform platform of the conversation
 * @param team team of the conversation
 * @param conversation conversation replied in
 * @param text the reply
 * @param target where it goes
 */
public record OutboundReply(String replyId, String botId, String platform, String team, String conversation,
                            String text, ChannelTarget target) {
    /** Requires every component. */
    public OutboundReply {
        Objects.requireNonNull(replyId, "replyId");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(target, "target");
    }
}
