package io.botgrid.bots.internal;

/**
 * A bot platform request that cannot be carried out as asked, with the reason a caller can act on. The kind maps
 * one to one onto a gRPC status code at the front.
 */
public final class BotApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, in the terms of the gRPC status the front answers with. */
    public enum Kind {
        INVALID_ARGUMENT,
        NOT_FOUND,
        ALREADY_EXISTS,
        FAILED_PRECONDITION
    }

    private final Kind kind;

    public BotApiException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static BotApiException invalid(String message) {
        return new BotApiException(Kind.INVALID_ARGUMENT, message);
    }

    public static BotApiException notFound(String message) {
        return new BotApiException(Kind.NOT_FOUND, message);
    }
}
