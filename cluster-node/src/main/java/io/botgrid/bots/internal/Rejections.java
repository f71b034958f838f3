package io.botgrid.bots.internal;

import io.botgrid.actor.CommandRejectedException;

/**
 * Bot platform actors refuse commands with a reason that starts with the kind of {@link BotApiException} the front
 * must answer with ({@code NOT_FOUND: bot x does not exist}); this turns such a rejection back into that exception.
 */
final class Rejections {
    private static final String MARKER = "rejected the command: ";

    private Rejections() {
    }

    static String reason(BotApiException.Kind kind, String message) {
        return kind.name() + ": " + message;
    }

    /** The {@link BotApiException} a rejection stands for, or {@code error} itself if it is not one of ours. */
    static Throwable translate(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof CommandRejectedException rejected) {
            String message = rejected.getMessage();
            int at = message == null ? -1 : message.indexOf(MARKER);
            if (at >= 0) {
                String reason = message.substring(at + MARKER.length());
                for (BotApiException.Kind kind : BotApiException.Kind.values()) {
                    if (reason.startsWith(kind.name() + ": ")) {
                        return new BotApiException(kind, reason.substring(kind.name().length() + 2));
                    }
                }
            }
        }
        return cause;
    }
}
