package io.botgrid.workers;

/**
 * The closed set of outcomes of a refused or failed worker operation, named after the gRPC status the front maps each
 * one to (one table, in the front), so that the cluster side never parses a message to find the kind of error.
 */
public enum WorkerErrorCode {
    /** A bad spec or request (unknown function, duplicate id, min &gt; max, payload over the limit…). */
    INVALID_ARGUMENT(false),
    /** No spec, worker or stage of that id on this node. */
    NOT_FOUND(false),
    /** The target exists but is stopped or failed (e.g. a push into a stopped chain). */
    FAILED_PRECONDITION(false),
    /** A bounded queue or mailbox is full: retry later, the system is applying backpressure. */
    RESOURCE_EXHAUSTED(true),
    /** The target is restarting (waiting out its backoff): retry later. */
    UNAVAILABLE(true),
    /** The item was accepted but lost because the worker (or its group or chain) crashed or was stopped. */
    ABORTED(true);

    private final boolean retryable;

    WorkerErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether retrying the same request later may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
