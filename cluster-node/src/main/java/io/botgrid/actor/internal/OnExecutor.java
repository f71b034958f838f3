package io.botgrid.actor.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ignite.lang.IgniteFuture;

/**
 * Continues after an Ignite future on the runtime's own executor. Ignite completes its futures on its own threads
 * (striped pool, NIO), where nothing of ours may run: actor code, or anything that waits, would hold the threads
 * that answer the cluster. A future already done (a read of local data often is) continues at once on the caller's
 * thread, with no hop, so a chain of local reads costs no thread hand-off at all.
 */
final class OnExecutor {
    private OnExecutor() {
    }

    /**
     * Issues the storage step {@code issue} and completes with its outcome on {@code executor} (or on the caller's
     * thread if it is done already). A failure, whether issuing threw or the step failed, completes the result with
     * {@code storageError} of it. If the executor refuses the continuation (the node is stopping), the result fails
     * with the {@link RejectedExecutionException} itself, on the Ignite thread: whoever continues must then only drop
     * its work.
     */
    static <T> CompletableFuture<T> of(Supplier<IgniteFuture<T>> issue, Executor executor,
                                       Function<RuntimeException, RuntimeException> storageError) {
        CompletableFuture<T> result = new CompletableFuture<>();
        IgniteFuture<T> future;
        try {
            future = issue.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(storageError.apply(e));
            return result;
        }
        if (future.isDone()) {
            complete(result, future, storageError);
            return result;
        }
        future.listen(f -> {
            try {
                executor.execute(() -> complete(result, f, storageError));
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static <T> void complete(CompletableFuture<T> result, IgniteFuture<T> future,
                                     Function<RuntimeException, RuntimeException> storageError) {
        try {
            result.complete(future.get());
        } catch (RuntimeException e) {
            result.completeExceptionally(storageError.apply(e));
        }
    }

    /** The cause a {@link java.util.concurrent.CompletionException} wraps, or {@code error} itself. */
    static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }
}
