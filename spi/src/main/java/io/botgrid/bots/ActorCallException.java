package io.botgrid.bots;

import java.util.Objects;

/**
 * Why an {@link ActorCalls#ask} failed, as a stable code a handler can branch on and a message it can show.
 *
 * <p>Codes: {@code COMMAND_REJECTED} (the actor refused the command; the message is the actor's own reason, fit to
 * show the user), {@code UNKNOWN_ACTOR_TYPE}, {@code INVALID_ACTOR_ID}, {@code MALFORMED_COMMAND}, {@code TURN_FAILED},
 * {@code NOT_ALLOWED} (the bot and session types), and the retryable {@code JOURNAL_UNAVAILABLE},
 * {@code CALL_TIMEOUT}, {@code CLUSTER_UNAVAILABLE}, {@code UNAVAILABLE}.
 */
public final class ActorCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public ActorCallException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The failure's code, e.g. {@code COMMAND_REJECTED}. */
    public String code() {
        return code;
    }
}
