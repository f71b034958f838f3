package io.botgrid.channels;

/**
 * Slack refused a bot's app-level token ({@code apps.connections.open} answered {@code invalid_auth},
 * {@code not_allowed_token_type}, …): retrying with the same token cannot help, so connecting fails at once with
 * Slack's reason and a running receiver stops rather than retries.
 */
public final class SlackAppTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String slackError;

    public SlackAppTokenException(String slackError) {
        super("Slack refused the app token (apps.connections.open: " + slackError + ")", null, false, false);
        this.slackError = slackError;
    }

    /** Slack's error code, e.g. {@code invalid_auth}. */
    public String slackError() {
        return slackError;
    }
}
