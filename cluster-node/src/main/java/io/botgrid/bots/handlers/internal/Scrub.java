package io.botgrid.bots.handlers.internal;

/**
 * Makes text from outside (a service's error code or message) safe to log and store: the bot's key removed, short.
 *
 * <p>Why both: an error body may quote the key it refused, and an unbounded foreign text in a journal or a trace is a
 * way to fill them.
 */
final class Scrub {
    static final int MAX = 200;

    private Scrub() {
    }

    /** {@code text} with every occurrence of {@code secret} (when not empty) replaced, cut to {@value #MAX}. */
    static String shorten(String text, String secret) {
        String s = text == null ? "" : text;
        if (secret != null && !secret.isEmpty()) {
            s = s.replace(secret, "***");
        }
        return s.length() <= MAX ? s : s.substring(0, MAX) + "…";
    }
}
