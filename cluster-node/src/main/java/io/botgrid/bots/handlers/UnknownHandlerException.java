package io.botgrid.bots.handlers;

import java.util.Set;

/**
 * A bot names a handler this node does not have. Usually a typo, or a plugin missing on this node; the message lists
 * the names that exist so that either is obvious.
 */
public final class UnknownHandlerException extends RuntimeException {
    private final String name;

    public UnknownHandlerException(String name, Set<String> known) {
        super("unknown handler '" + name + "' (known: " + String.join(", ", known) + ")");
        this.name = name;
    }

    /** A name this node cannot resolve for a reason other than a missing handler (a chain that is not declared). */
    public UnknownHandlerException(String name, String message) {
        super(message);
        this.name = name;
    }

    /** The name that was asked for. */
    public String name() {
        return name;
    }
}
