package io.botgrid.workers;

/**
 * A spec is malformed or names something this node cannot run: {@link WorkerErrorCode#INVALID_ARGUMENT}. The message
 * is {@code field: reason}, e.g. {@code stages[1].maxInstances: min instances 3 is greater than max instances 2}.
 */
public final class InvalidWorkerSpecException extends WorkerException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String reason;

    /**
     * @param field the path of the offending field in the spec ({@code stages[0].function}), or the spec id's field
     * @param reason what is wrong with it
     */
    public InvalidWorkerSpecException(String field, String reason) {
        super(field + ": " + reason, null);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    @Override
    public WorkerErrorCode code() {
        return WorkerErrorCode.INVALID_ARGUMENT;
    }
}
