package io.botgrid.bots;

/**
 * Handler settings that cannot work, with where and why, so that the user creating or updating a bot can fix them.
 */
public final class InvalidHandlerSettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String reason;

    /**
     * @param line 1-based line of the settings text the problem is on, or 0 if it is not about one line
     * @param reason what is wrong, in the user's terms
     */
    public InvalidHandlerSettingsException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
