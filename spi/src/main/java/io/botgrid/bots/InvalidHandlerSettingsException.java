package io.botgrid.bots;

/**
 * A bot's handler settings were refused.
 *
 * <p>Why it carries a line: settings are hand-written YAML or JSON, and "line 7: unknown key 'replies'" lets the
 * author fix them without guessing. The message is meant to be shown to that author as is.
 */
public final class InvalidHandlerSettingsException extends RuntimeException {
    private final int line;
    private final String reason;

    /**
     * @param line 1-based line of the offending text, 0 if unknown
     * @param reason what is wrong, for a human
     */
    public InvalidHandlerSettingsException(int line, String reason) {
        this(line, reason, null);
    }

    /** As {@link #InvalidHandlerSettingsException(int, String)}, keeping the parser error that led to it. */
    public InvalidHandlerSettingsException(int line, String reason, Throwable cause) {
        super(format(line, reason), cause);
        this.line = Math.max(0, line);
        this.reason = reason;
    }

    private static String format(int line, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be empty");
        }
        return line > 0 ? "line " + line + ": " + reason : reason;
    }

    /** 1-based line of the problem, or 0 when it is not tied to a line. */
    public int line() {
        return line;
    }

    /** What is wrong, without the line prefix. */
    public String reason() {
        return reason;
    }
}
