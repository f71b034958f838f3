package io.botgrid.client;

import java.time.Instant;

/**
 * One turn of a session's history: what a user said or what the bot answered, in order.
 *
 * @param id the platform's message id (user turns) or the reply id (bot turns)
 */
public record HistoryTurn(Role role, String text, String userId, String id, Instant at, long seq) {
    /** Who spoke. */
    public enum Role {
        USER,
        BOT,
        /** A role this SDK does not know yet (a newer server). */
        UNKNOWN
    }
}
