package io.botgrid.client;

/**
 * The one exception the SDK's futures fail with (and the blocking methods throw): an {@link ErrorCode} and the
 * server's message. Unchecked, since the API is asynchronous.
 */
public final class BotgridException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public BotgridException(ErrorCode code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** Whether retrying the same call later may succeed (the SDK already retried UNAVAILABLE). */
    public boolean isRetryable() {
        return code == ErrorCode.UNAVAILABLE || code == ErrorCode.DEADLINE_EXCEEDED
                || code == ErrorCode.RESOURCE_EXHAUSTED;
    }
}
