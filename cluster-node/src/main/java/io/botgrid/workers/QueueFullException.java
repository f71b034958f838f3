package io.botgrid.workers;

/**
 * A bounded queue refused an item: the entry stage of a chain or a worker's mailbox is at capacity
 * ({@link WorkerErrorCode#RESOURCE_EXHAUSTED}). Nothing was enqueued; the caller should slow down and retry.
 */
public final class QueueFullException extends WorkerException {
    private static final long serialVersionUID = 1L;
    private final String target;
    private final int capacity;

    /**
     * @param target the stage ({@code chain/stage}) or worker id whose queue is full
     * @param capacity its bound
     */
    public QueueFullException(String target, int capacity) {
        super("the queue of '" + target + "' is full (" + capacity + " items): retry later", null);
        this.target = target;
        this.capacity = capacity;
    }

    public String target() {
        return target;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public WorkerErrorCode code() {
        return WorkerErrorCode.RESOURCE_EXHAUSTED;
    }
}
