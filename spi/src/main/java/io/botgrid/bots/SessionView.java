package io.botgrid.bots;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A read-only snapshot of a conversation as its session actor knows it.
 *
 * <p>Why a snapshot: handlers run off the actor's thread and may be slow; a copy taken before the call cannot change
 * under them, and what they want changed comes back in {@link HandlerResult}.
 *
 * @param state named conversation state, {@code ""} initially
 * @param variables session variables set by earlier results
 * @param recentTurns the last few exchanges, oldest first
 */
public record SessionView(String platform, String team, String conversation, String userId,
                          String state, Map<String, String> variables, List<Turn> recentTurns) {
    public SessionView {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(state, "state");
        variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
        recentTurns = List.copyOf(Objects.requireNonNull(recentTurns, "recentTurns"));
    }
}
