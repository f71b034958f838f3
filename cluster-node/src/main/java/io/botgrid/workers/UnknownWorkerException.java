package io.botgrid.workers;

/** No spec, worker or stage of that id runs on this node: {@link WorkerErrorCode#NOT_FOUND}. */
public final class UnknownWorkerException extends WorkerException {
    private static final long serialVersionUID = 1L;
    private final String id;

    /**
     * @param what e.g. "worker", "group", "chain", "stage"
     * @param id the id that was not found
     */
    public UnknownWorkerException(String what, String id) {
        super("no " + what + " '" + id + "' on this node", null);
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public WorkerErrorCode code() {
        return WorkerErrorCode.NOT_FOUND;
    }
}
