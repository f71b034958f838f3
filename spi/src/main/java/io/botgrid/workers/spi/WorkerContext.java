package io.botgrid.workers.spi;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * What the node tells a worker instance about itself, handed to {@link WorkerFunction#init}. Thread-safe.
 */
public interface WorkerContext {
    /**
     * This worker's id: the spec id for a standalone worker, {@code group/member} for a group member,
     * {@code chain/stage#n} for instance {@code n} of a chain stage ({@code chain/end} for the end function).
     */
    String workerId();

    /** The id of the spec (standalone, group or chain) this instance belongs to. */
    String specId();

    /** The spec's incarnation on this node: a new placement of the spec (e.g. after a node failure) has a higher one. */
    long incarnation();

    /** How many times the spec was restarted by its supervisor in this incarnation (0 for the first run). */
    int restarts();

    /** The name of the node this instance runs on. */
    String nodeName();

    /**
     * A stage that completes after {@code delay} on the node's scheduler (tests drive it with a manual clock): the
     * way to wait inside {@link WorkerFunction#handleAsync} without blocking a shared thread.
     */
    CompletionStage<Void> after(Duration delay);

    /**
     * Asks for a normal stop of this worker after the current message: the instance is terminated with
     * {@link TerminationReason.Kind#NORMAL}. A {@code transient} or {@code temporary} spec then stays stopped; a
     * {@code permanent} one is restarted.
     */
    void stopSelf();
}
