package io.botgrid.channels;

import java.util.Objects;

/**
 * What the endpoint needs to trust a request for one bot's channel, looked up per request so that rotated secrets
 * take effect without a restart.
 *
 * @param signingSecret Slack app signing secret, or the webhook channel's HMAC secret
 * @param botUserId the bot's own Slack user id (its own messages are ignored, never answered), or null
 */
public record ChannelSecrets(String signingSecret, String botUserId) {
    /** Requires a signing secret. */
    public ChannelSecrets {
        Objects.requireNonNull(signingSecret, "signingSecret");
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "ChannelSecrets[signingSecret=***, botUserId=" + botUserId + "]";
    }
}
