package io.botgrid.workers;

/**
 * An accepted item was lost: the worker handling it (or its group or chain) crashed or was stopped before the item's
 * result was complete ({@link WorkerErrorCode#ABORTED}). The cause, if any, is the worker function's exception.
 */
public final class WorkerAbortedException extends WorkerException {
    private static final long serialVersionUID = 1L;
    private final String workerId;

    public WorkerAbortedException(String workerId, String reason, Throwable cause) {
        super("'" + workerId + "' ended before the item was handled: " + reason, cause);
        this.workerId = workerId;
    }

    public String workerId() {
        return workerId;
    }

    @Override
    public WorkerErrorCode code() {
        return WorkerErrorCode.ABORTED;
    }
}
