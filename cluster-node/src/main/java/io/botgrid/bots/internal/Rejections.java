package io.botgrid.bots.internal;

import io.botgrid.actor.CommandRejectedException;
import io.botgrid.bots.platform.BotApiException;

/**
 * Turns a bot platform actor's rejection into the {@link BotApiException} the front answers with: same code, and
 * the actor's reason without the actor's id around it.
 */
final class Rejections {
    private Rejections() {
    }

    /** The {@link BotApiException} a rejection stands for, or {@code error} itself (unwrapped) otherwise. */
    static Throwable translate(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof CommandRejectedException rejected) {
            return new BotApiException(rejected.rejectionCode(), rejected.reason());
        }
        return cause;
    }
}
