package io.botgrid.actor;

/**
 * What went wrong with a call to an actor, one code per subclass of {@link ActorException}.
 *
 * <p>Why a code besides the class: adapters (the node-to-node protocol, the gRPC front) need one exhaustive table
 * from failure to their own codes, and a {@code switch} over this enum is checked by the compiler, where a chain
 * of {@code instanceof} tests silently falls through when a failure is added. Whether a failure may be retried is
 * a property of the code, stated once here.
 */
public enum ErrorCode {
    /** {@link UnknownActorTypeException}. */
    UNKNOWN_ACTOR_TYPE(false),
    /** {@link InvalidActorIdException}. */
    INVALID_ACTOR_ID(false),
    /** {@link MalformedCommandException}. */
    MALFORMED_COMMAND(false),
    /** {@link CommandRejectedException}; its {@link RejectionCode} says why. */
    COMMAND_REJECTED(false),
    /** {@link ActorTurnFailedException}. */
    TURN_FAILED(false),
    /** {@link JournalUnavailableException}. */
    JOURNAL_UNAVAILABLE(true),
    /** {@link ActorCallTimeoutException}. */
    CALL_TIMEOUT(true),
    /** {@link ClusterUnavailableException}. */
    CLUSTER_UNAVAILABLE(true);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether the same call may succeed if retried later (on another node, after a failover). */
    public boolean isRetryable() {
        return retryable;
    }
}
