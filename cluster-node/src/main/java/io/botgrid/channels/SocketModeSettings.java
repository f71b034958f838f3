package io.botgrid.channels;

import java.net.URI;
import java.util.Objects;

/**
 * What a Slack Socket Mode receiver needs to open a bot's connection, looked up each time it (re)connects so that a
 * rotated app token or changed settings take effect at the next connection.
 *
 * @param appToken the app-level token ({@code xapp-…}) that {@code apps.connections.open} takes; a secret
 * @param apiBaseUrl Slack's Web API base ({@code https://slack.com/api}, or a local stand-in in tests)
 * @param botUserId the bot's own Slack user id (its own messages are ignored), or null
 * @param threadReplies whether replies to top-level channel messages start a thread under the message
 */
public record SocketModeSettings(String appToken, URI apiBaseUrl, String botUserId, boolean threadReplies) {
    /** Requires the token and the base URL. */
    public SocketModeSettings {
        Objects.requireNonNull(appToken, "appToken");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "SocketModeSettings[appToken=***, apiBaseUrl=" + apiBaseUrl + ", botUserId=" + botUserId
                + ", threadReplies=" + threadReplies + "]";
    }
}
