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
 * @param threadReplies whether a reply to a top-level channel message starts a thread under it; by default
 *        ({@code false}) it is posted at the top level. Direct messages are always answered at the top level, and a
 *        message inside a thread always in that thread.
 */
public record SlackSettings(String signingSecret, String botToken, String botUserId, String apiBaseUrl,
                            boolean threadReplies) {
    public SlackSettings {
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(botToken, "botToken");
    }

    /** Settings that answer at the top level (as before {@code threadReplies} existed). */
    public SlackSettings(String signingSecret, String botToken, String botUserId, String apiBaseUrl) {
        this(signingSecret, botToken, botUserId, apiBaseUrl, false);
    }

    public static SlackSettings of(String signingSecret, String botToken) {
        return new SlackSettings(signingSecret, botToken, null, null, false);
    }

    public SlackSettings withBotUserId(String value) {
        return new SlackSettings(signingSecret, botToken, value, apiBaseUrl, threadReplies);
    }

    public SlackSettings withApiBaseUrl(String value) {
        return new SlackSettings(signingSecret, botToken, botUserId, value, threadReplies);
    }

    public SlackSettings withThreadReplies(boolean value) {
        return new SlackSettings(signingSecret, botToken, botUserId, apiBaseUrl, value);
    }

    @Override
    public String toString() {
        return "SlackSettings[signingSecret=" + Secrets.mask(signingSecret) + ", botToken=" + Secrets.mask(botToken)
                + ", botUserId=" + botUserId + ", apiBaseUrl=" + apiBaseUrl + ", threadReplies=" + threadReplies + "]";
    }
}
