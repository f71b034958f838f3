package io.botgrid.workers.internal;

import io.botgrid.workers.spi.WorkerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The result of one send or push: completes with everything that left the spec because of that item, once every item
 * derived from it (a stage may emit several outputs, or none) has left or been filtered out; fails at the first loss.
 *
 * <p>Why a counter: items fan out through a chain on many threads; {@code pending} counts the derived items still
 * inside, so the last one to leave completes the result without any lock.
 */
final class Trace {
    private final CompletableFuture<List<WorkerMessage>> result = new CompletableFuture<>();
    private final AtomicInteger pending = new AtomicInteger(1);
    private final ConcurrentLinkedQueue<WorkerMessage> collected = new ConcurrentLinkedQueue<>();

    CompletableFuture<List<WorkerMessage>> result() {
        return result;
    }

    /** One item of this trace was handled and emitted {@code outputs} that stay inside (call before {@link #done}). */
    void fork(int outputs) {
        if (outputs > 0) {
            pending.addAndGet(outputs);
        }
    }

    /** One item of this trace left the spec with these outputs (a final stage or the end function). */
    void collect(List<WorkerMessage> outputs) {
        collected.addAll(outputs);
    }

    /** One item of this trace is finished (forwarded, collected or filtered out). */
    void done() {
        if (pending.decrementAndGet() == 0) {
            result.complete(new ArrayList<>(collected));
        }
    }

    /** An item of this trace was lost. */
    void fail(Throwable error) {
        result.completeExceptionally(error);
    }
}
