package io.botgrid.workers;

/** A message weighs more than the node's limit ({@code WorkersConfig.maxPayloadBytes}): {@link WorkerErrorCode#INVALID_ARGUMENT}. */
public final class PayloadTooLargeException extends WorkerException {
    private static final long serialVersionUID = 1L;
    private final long size;
    private final long limit;

    public PayloadTooLargeException(long size, long limit) {
        super("payload of " + size + " bytes is over the limit of " + limit + " bytes", null);
        this.size = size;
        this.limit = limit;
    }

    public long size() {
        return size;
    }

    public long limit() {
        return limit;
    }

    @Override
    public WorkerErrorCode code() {
        return WorkerErrorCode.INVALID_ARGUMENT;
    }
}
