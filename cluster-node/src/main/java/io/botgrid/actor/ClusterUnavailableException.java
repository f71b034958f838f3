package io.botgrid.actor;

/**
 * No node can serve the actor right now: the cluster is starting, stopping or not active. Retry later or on another node.
 */
public final class ClusterUnavailableException extends ActorException {
    private static final long serialVersionUID = 1L;

    public ClusterUnavailableException(String message) {
        super(message);
    }

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.CLUSTER_UNAVAILABLE;
    }
}
