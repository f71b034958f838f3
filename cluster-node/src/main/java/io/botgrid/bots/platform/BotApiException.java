package io.botgrid.bots.platform;

import io.botgrid.actor.RejectionCode;
import java.util.Objects;

/**
 * A bot platform request that cannot be carried out as asked, with the reason a caller can act on. Its code is the
 * actors' {@link RejectionCode}, so a refusal by the front's validation and one by a bot actor map onto the same
 * gRPC status at the front.
 */
public final class BotApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RejectionCode code;
    private final transient java.time.Duration retryAfter;

    public BotApiException(RejectionCode code, String message) {
        this(code, message, null);
    }

    private BotApiException(RejectionCode code, String message, java.time.Duration retryAfter) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfter = retryAfter;
    }

    /** A request over a rate limit (RESOURCE_EXHAUSTED) that may be retried after {@code retryAfter}. */
    public static BotApiException rateLimited(String message, java.time.Duration retryAfter) {
        return new BotApiException(RejectionCode.RESOURCE_EXHAUSTED, message, Objects.requireNonNull(retryAfter));
    }

    /** How long to wait before a retry can succeed, when the refusal says (rate limits). */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }

    public RejectionCode code() {
        return code;
    }

    public static BotApiException invalid(String message) {
        return new BotApiException(RejectionCode.INVALID_ARGUMENT, message);
    }

    public static BotApiException notFound(String message) {
        return new BotApiException(RejectionCode.NOT_FOUND, message);
    }
}
