package io.botgrid.actor;

/**
 * The closed set of failures a call to an actor can end with.
 *
 * <p>Each subclass is one precise situation that a caller handles differently (retry, fix the input, report) and
 * states its {@link ErrorCode}; adapters map that code (the gRPC front to one status, the node-to-node protocol
 * to its wire code) with one exhaustive table each. Calls never fail with anything else:
 * an unexpected internal error arrives as {@link ActorTurnFailedException} or {@link ClusterUnavailableException}.
 * Unchecked, because the API is asynchronous and checked exceptions do not cross {@code CompletableFuture}.
 */
public abstract sealed class ActorException extends RuntimeException
        permits ActorCallTimeoutException, ActorTurnFailedException, ClusterUnavailableException,
                CommandRejectedException, InvalidActorIdException, JournalUnavailableException,
                MalformedCommandException, UnknownActorTypeException {

    protected ActorException(String message) {
        super(message, null, false, false);
    }

    protected ActorException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The code of this failure: one per subclass. */
    public abstract ErrorCode code();

    /** Whether the same call may succeed if retried later (on another node, after a failover). */
    public boolean isRetryable() {
        return code().isRetryable();
    }
}
