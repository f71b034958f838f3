package io.botgrid.client;

import java.util.Objects;

/**
 * What Botgrid needs to take a bot's Slack events and answer in Slack: from the Slack app's "Basic Information"
 * (signing secret) and "OAuth &amp; Permissions" (bot token) pages. The secrets are sent once and never come back in
 * full; {@link #toString()} masks them so they do not end up in logs.
 *
 * @param signingSecret verifies that events come from Slack
 * @param botToken {@code xoxb-…}, authorises {@code chat.postMessage}
 * @param botUserId the bot's own Slack user id ({@code U…}), to ignore its own messages; {@code null} if unknown
 * @param apiBaseUrl the Web API's base, {@code null} for {@code https://slack.com/api} (tests point it elsewhere)
 */
public record SlackSettings(String signingSecret, String botToken, String botUserId, String apiBaseUrl) {
    public SlackSettings {
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(botToken, "botToken");
    }

    public static SlackSettings of(String signingSecret, String botToken) {
        return new SlackSettings(signingSecret, botToken, null, null);
    }

    public SlackSettings withBotUserId(String value) {
        return new SlackSettings(signingSecret, botToken, value, apiBaseUrl);
    }

    public SlackSettings withApiBaseUrl(String value) {
        return new SlackSettings(signingSecret, botToken, botUserId, value);
    }

    @Override
    public String toString() {
        return "SlackSettings[signingSecret=" + Secrets.mask(signingSecret) + ", botToken=" + Secrets.mask(botToken)
                + ", botUserId=" + botUserId + ", apiBaseUrl=" + apiBaseUrl + "]";
    }
}
