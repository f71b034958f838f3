package io.botgrid.channels;

import java.util.Objects;

/**
 * What the endpoint needs to trust and read a request for one bot's channel, looked up per request so that rotated
 * secrets and changed settings take effect without a restart.
 *
 * @param signingSecret Slack app signing secret, or the webhook channel's HMAC secret
 * @param botUserId the bot's own Slack user id (its own messages are ignored, never answered), or null
 * @param threadReplies Slack: whether replies to top-level channel messages start a thread under the message
 */
public record ChannelSecrets(String signingSecret, String botUserId, boolean threadReplies) {
    /** Requires a signing secret. */
    public ChannelSecrets {
        Objects.requireNonNull(signingSecret, "signingSecret");
    }

    /** Secrets of a channel that answers at the top level. */
    public ChannelSecrets(String signingSecret, String botUserId) {
        this(signingSecret, botUserId, false);
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "ChannelSecrets[signingSecret=***, botUserId=" + botUserId + ", threadReplies=" + threadReplies + "]";
    }
}
