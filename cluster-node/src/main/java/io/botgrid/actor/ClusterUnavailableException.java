package io.botgrid.actor;

/**
 * No node can serve the actor right now: the cluster is starting, stopping or not active, or its region takes no
 * writes (a standby or fenced region). Retry later or on another node, or in the actor's home region.
 */
public final class ClusterUnavailableException extends ActorException {
    private static final long serialVersionUID = 1L;

    private final boolean regionWide;

    public ClusterUnavailableException(String message) {
        this(message, null, false);
    }

    public ClusterUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private ClusterUnavailableException(String message, Throwable cause, boolean regionWide) {
        super(message, cause);
        this.regionWide = regionWide;
    }

    /**
     * Every node of the region refuses the call the same way (its region is a standby or fenced), so that a node
     * routing it to another owner in the region does not try again until its deadline.
     */
    public static ClusterUnavailableException regionWide(String message) {
        return new ClusterUnavailableException(message, null, true);
    }

    /** Whether every node of the region refuses the call now: see {@link #regionWide(String)}. */
    public boolean isRegionWide() {
        return regionWide;
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.CLUSTER_UNAVAILABLE;
    }
}
