package io.botgrid.bots;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A read-only view of a conversation for a handler: which conversation, its named state, its variables and its
 * recent turns. Handlers change the conversation only through their {@link HandlerResult}.
 *
 * @param platform "slack", "webhook" or "grpc"
 * @param team the workspace or tenant
 * @param conversation the conversation within the team
 * @param userId the user of the message being handled
 * @param state the conversation's named state, "" initially
 * @param variables variables set by earlier results
 * @param recentTurns the latest turns, oldest first (bounded; the full history is in the session's journal)
 */
public record SessionView(String platform, String team, String conversation, String userId, String state,
                          Map<String, String> variables, List<Turn> recentTurns) {
    public SessionView {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(state, "state");
        variables = Map.copyOf(variables);
        recentTurns = List.copyOf(recentTurns);
    }
}
