package io.botgrid.workers;

/**
 * The target spec exists but does not take messages now: stopped or failed ({@link WorkerErrorCode#FAILED_PRECONDITION},
 * e.g. a push into a stopped chain) or restarting after a crash ({@link WorkerErrorCode#UNAVAILABLE}: retry later).
 */
public final class WorkerNotRunningException extends WorkerException {
    private static final long serialVersionUID = 1L;
    private final String specId;
    private final WorkerState state;

    public WorkerNotRunningException(String specId, WorkerState state, String detail) {
        super("'" + specId + "' is " + state.name().toLowerCase(java.util.Locale.ROOT)
                + (detail == null || detail.isEmpty() ? "" : ": " + detail), null);
        this.specId = specId;
        this.state = state;
    }

    public String specId() {
        return specId;
    }

    public WorkerState state() {
        return state;
    }

    @Override
    public WorkerErrorCode code() {
        return state == WorkerState.RESTARTING || state == WorkerState.STARTING
                ? WorkerErrorCode.UNAVAILABLE : WorkerErrorCode.FAILED_PRECONDITION;
    }
}
