package io.botgrid.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The threads of a client's executor, which also runs its channels' callbacks: a call's future is completed on one
 * of them. The hot path of actor calls uses this to continue in place when it already runs on one, instead of
 * handing the continuation to the executor again (a queue hand-off and a thread wake-up per call). Thread-safe.
 */
public final class ClientThreads {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    public ClientThreads(String prefix) {
        this.prefix = prefix;
    }

    /** Makes the daemon threads of this client's executor. */
    public ThreadFactory factory() {
        return r -> {
            Thread t = new Worker(this, r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Whether the current thread is one of this client's. */
    public boolean isCurrent() {
        return Thread.currentThread() instanceof Worker w && w.owner == this;
    }

    /**
     * {@code source.thenApplyAsync(fn, executor)}, with the same results and exceptions (a failure is a
     * {@link CompletionException} around its cause), but without the hop when {@code source} completes on one of
     * this client's threads: then {@code fn} runs there, at once. Either way the result completes on a thread of the
     * client, never on the caller's.
     */
    public <T, U> CompletableFuture<U> thenApply(CompletableFuture<T> source, Function<? super T, ? extends U> fn,
                                                 Executor executor) {
        CompletableFuture<U> result = new CompletableFuture<>();
        source.whenComplete((value, error) -> {
            if (isCurrent()) {
                complete(result, value, error, fn);
                return;
            }
            try {
                executor.execute(() -> complete(result, value, error, fn));
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new CompletionException(e));
            }
        });
        return result;
    }

    private static <T, U> void complete(CompletableFuture<U> result, T value, Throwable error,
                                        Function<? super T, ? extends U> fn) {
        if (error != null) {
            result.completeExceptionally(error instanceof CompletionException ? error
                    : new CompletionException(error));
            return;
        }
        try {
            result.complete(fn.apply(value));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(new CompletionException(e));
        }
    }

    private static final class Worker extends Thread {
        final ClientThreads owner;

        Worker(ClientThreads owner, Runnable task, String name) {
            super(task, name);
            this.owner = owner;
        }
    }
}
