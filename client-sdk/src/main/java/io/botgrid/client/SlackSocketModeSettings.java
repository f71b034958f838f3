package io.botgrid.client;

import java.util.Objects;

/**
 * A bot's Slack channel in Socket Mode: Slack pushes events over a WebSocket that the cluster opens (on the bot's
 * owner node) with the app-level token, so no public HTTP endpoint is needed. Replies still go through
 * {@code chat.postMessage} with the bot token. {@link #toString()} masks the tokens.
 *
 * @param appToken app-level token {@code xapp-…} with the {@code connections:write} scope (Basic Information →
 *        App-Level Tokens); checked with Slack when connecting
 * @param botToken {@code xoxb-…}, authorises {@code chat.postMessage}
 * @param botUserId the bot's own Slack user id ({@code U…}), to ignore its own messages; {@code null} if unknown
 * @param apiBaseUrl the Web API's base, {@code null} for {@code https://slack.com/api} (tests point it elsewhere)
 * @param threadReplies whether a reply to a top-level channel message starts a thread under it
 */
public record SlackSocketModeSettings(String appToken, String botToken, String botUserId, String apiBaseUrl,
                                      boolean threadReplies) {
    public SlackSocketModeSettings {
        Objects.requireNonNull(appToken, "appToken");
        Objects.requireNonNull(botToken, "botToken");
    }

    public static SlackSocketModeSettings of(String appToken, String botToken) {
        return new SlackSocketModeSettings(appToken, botToken, null, null, false);
    }

    public SlackSocketModeSettings withBotUserId(String value) {
        return new SlackSocketModeSettings(appToken, botToken, value, apiBaseUrl, threadReplies);
    }

    public SlackSocketModeSettings withApiBaseUrl(String value) {
        return new SlackSocketModeSettings(appToken, botToken, botUserId, value, threadReplies);
    }

    public SlackSocketModeSettings withThreadReplies(boolean value) {
        return new SlackSocketModeSettings(appToken, botToken, botUserId, apiBaseUrl, value);
    }

    @Override
    public String toString() {
        return "SlackSocketModeSettings[appToken=" + Secrets.mask(appToken) + ", botToken=" + Secrets.mask(botToken)
                + ", botUserId=" + botUserId + ", apiBaseUrl=" + apiBaseUrl + ", threadReplies=" + threadReplies + "]";
    }
}
