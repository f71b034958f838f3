package io.botgrid.bots;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a conversation's recent history.
 *
 * <p>Why handlers get history at all: handlers that forward to a language model or a service need context, and
 * keeping it in the session spares each of them a store of its own.
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
