package io.botgrid.workers.spi;

import java.util.Objects;

/**
 * Why a worker instance ends, passed to {@link WorkerFunction#terminate}.
 *
 * @param kind the cause
 * @param detail a human-readable explanation (the crash message, the sibling that crashed…); never null
 */
public record TerminationReason(Kind kind, String detail) {
    /** The causes of an instance's end. */
    public enum Kind {
        /** The worker asked to stop ({@link WorkerContext#stopSelf}). */
        NORMAL,
        /** This instance crashed (exception from init or handle). */
        CRASHED,
        /** Another instance of the same group or chain crashed or stopped, so all of them stop together. */
        SIBLING_ENDED,
        /** The spec was stopped, removed or replaced, or its instance count lowered. */
        STOPPED,
        /** The node is shutting down. */
        SHUTDOWN
    }

    public TerminationReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
