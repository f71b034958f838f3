package io.botgrid.client;

import java.util.Objects;

/**
 * A conversation of your application with a bot (platform {@code grpc}): the same bot, team and conversation always
 * land in the same session, whose state and variables carry over from message to message and across reconnects.
 *
 * @param team your tenant or workspace; {@code "default"} when you have none
 * @param conversation names the session within the team, e.g. a ticket or chat id
 * @param userId who is writing, as the bot's handler sees it
 */
public record ConversationRef(String botId, String team, String conversation, String userId) {
    public ConversationRef {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(conversation, "conversation");
        team = team == null || team.isEmpty() ? "default" : team;
        userId = userId == null ? "" : userId;
    }

    public static ConversationRef of(String botId, String conversation, String userId) {
        return new ConversationRef(botId, "default", conversation, userId);
    }

    public ConversationRef withTeam(String value) {
        return new ConversationRef(botId, value, conversation, userId);
    }

    /** The session this conversation talks in, for its history. */
    public SessionRef session() {
        return new SessionRef(botId, "grpc", team, conversation);
    }
}
