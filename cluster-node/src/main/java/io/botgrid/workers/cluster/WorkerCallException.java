package io.botgrid.workers.cluster;

import io.botgrid.workers.WorkerErrorCode;
import java.util.Objects;

/**
 * A refusal or failure of a cluster-wide worker operation, with the {@link WorkerErrorCode} the gRPC front maps to a
 * status: an unknown spec ({@code NOT_FOUND}), a placement no live node matches ({@code FAILED_PRECONDITION}), or a
 * refusal of the node running the worker carried back (full queue, stopped chain, ...).
 */
public final class WorkerCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final WorkerErrorCode code;

    public WorkerCallException(WorkerErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public WorkerErrorCode code() {
        return code;
    }
}
