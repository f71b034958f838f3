package io.botgrid.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waits for a future of the SDK the way the blocking methods promise: a failure is thrown as its own exception. */
final class Blocking {
    private Blocking() {
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BotgridException b) {
                throw b;
            }
            throw e;
        }
    }
}
