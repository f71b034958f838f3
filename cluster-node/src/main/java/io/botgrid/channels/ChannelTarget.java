package io.botgrid.channels;

import java.util.Objects;

/**
 * Where a reply goes, captured when the message arrives. Replies are delivered later, possibly on another node after
 * a failover, so the address must travel with the message rather than be recomputed from platform state.
 *
 * <p>For {@link ChannelKind#SLACK}: the Slack channel id and the thread to answer in. For {@link ChannelKind#WEBHOOK}:
 * the conversation (the URL comes from the bot's channel settings at delivery time, so a changed URL takes effect);
 * {@code threadTs} is null. For {@link ChannelKind#GRPC}: nothing is addressed; both strings may be null.
 *
 * @param kind channel the reply leaves through
 * @param channel platform address (Slack channel id, webhook conversation), or null
 * @param threadTs Slack thread timestamp to reply in, or null
 */
public record ChannelTarget(ChannelKind kind, String channel, String threadTs) {
    /** Requires a kind. */
    public ChannelTarget {
        Objects.requireNonNull(kind, "kind");
    }
}
