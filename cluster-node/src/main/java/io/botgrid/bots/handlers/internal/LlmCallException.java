package io.botgrid.bots.handlers.internal;

/**
 * A model call that got no answer, with a reason from a closed set (for metrics and events) and a message for the
 * bot's owner that never holds the API key.
 *
 * <p>Why the message is written here rather than taken from the SDK: a service's error body may echo what it was sent
 * (some quote the key they refused), and this text ends up in the session's journal, logs and traces. No stack trace
 * and no cause are kept, for the same reason.
 */
final class LlmCallException extends RuntimeException {
    /** Why a call failed. */
    enum Reason {
        TIMEOUT("timeout"), RATE_LIMITED("rate_limited"), SERVER_ERROR("server_error"), MALFORMED("malformed"),
        REFUSED("refused"), IO("io");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    private final Reason reason;

    LlmCallException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
