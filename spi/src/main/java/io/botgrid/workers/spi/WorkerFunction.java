package io.botgrid.workers.spi;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The code of one worker instance: a long-lived process with its own mailbox, handling one message at a time.
 *
 * <p>Lifecycle: {@link #init} once, then {@link #handle}/{@link #handleAsync} for each message, then
 * {@link #terminate} once (also after a crash, if the instance was initialised). The node never calls two of these
 * at once for the same instance, so fields need no locks. A restart makes a <em>new</em> instance from the factory:
 * state does not survive a crash, which is the point of restarting.
 *
 * <p>Crashes: an exception thrown by {@code init} or {@code handle}, or a stage from {@code handleAsync} that
 * completes exceptionally, is a crash. What a crash stops (this instance, its group, its chain) and whether it is
 * restarted is the spec's restart policy, not the function's concern.
 */
public interface WorkerFunction {
    /**
     * Called once before the first message. Acquire resources here (connections, files), not in the factory.
     *
     * @throws Exception a crash: the instance never receives messages and its supervisor decides what follows
     */
    default void init(WorkerContext context) throws Exception {
    }

    /**
     * Handles one message and returns what it emits: zero or more messages (an empty list filters the input out).
     * In a chain the outputs are the next stage's inputs; for a standalone or group worker they are the answer to
     * whoever sent the message. Override this or {@link #handleAsync}.
     *
     * @throws Exception a crash
     */
    default List<WorkerMessage> handle(WorkerMessage input) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " overrides neither handle nor handleAsync");
    }

    /**
     * The asynchronous form, for functions that wait (timers, I/O): the instance takes no other message until the
     * returned stage completes. The default runs {@link #handle} and returns its result as a completed stage.
     * Must not block; a stage completed exceptionally is a crash.
     */
    default CompletionStage<List<WorkerMessage>> handleAsync(WorkerMessage input) {
        try {
            return CompletableFuture.completedFuture(handle(input));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Called once when the instance ends, whatever the cause; release resources here. Exceptions are logged and
     * otherwise ignored (the instance is ending anyway).
     */
    default void terminate(TerminationReason reason) {
    }
}
