package io.botgrid.bots;

import java.time.Instant;
import java.util.Objects;

/**
 * One turn of a conversation: what the user said or what the bot answered.
 *
 * @param role who spoke
 * @param text what was said
 * @param at when
 */
public record Turn(Role role, String text, Instant at) {
    /** Who spoke. */
    public enum Role { USER, BOT }

    public Turn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}
