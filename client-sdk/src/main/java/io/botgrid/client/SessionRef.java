package io.botgrid.client;

import java.util.Objects;

/**
 * Names one session: one conversation of a bot on one platform. Sessions of Slack and webhook users are named the
 * same way, so their history can be read like that of your own conversations.
 *
 * @param platform {@code grpc}, {@code slack} or {@code webhook}
 * @param team the workspace or tenant; {@code "default"} when the platform has none
 */
public record SessionRef(String botId, String platform, String team, String conversation) {
    public SessionRef {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(conversation, "conversation");
    }

    @Override
    public String toString() {
        return botId + "/" + platform + "/" + team + "/" + conversation;
    }
}
