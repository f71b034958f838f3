package io.botgrid.workers;

/**
 * Every refusal or failure of the workers API, one subclass per situation, each with its {@link WorkerErrorCode}.
 * Async operations fail their stage with one of these; nothing else escapes the API (a worker function's own
 * exception is wrapped as the cause of a {@link WorkerAbortedException}).
 */
public abstract sealed class WorkerException extends RuntimeException
        permits InvalidWorkerSpecException, UnknownWorkerException, WorkerNotRunningException, QueueFullException,
        PayloadTooLargeException, WorkerAbortedException {
    private static final long serialVersionUID = 1L;

    protected WorkerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kind of error, for the status mapping. */
    public abstract WorkerErrorCode code();
}
