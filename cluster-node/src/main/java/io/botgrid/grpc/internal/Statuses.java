package io.botgrid.grpc.internal;

import io.botgrid.actor.ActorCallTimeoutException;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorTurnFailedException;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.CommandRejectedException;
import io.botgrid.actor.InvalidActorIdException;
import io.botgrid.actor.JournalUnavailableException;
import io.botgrid.actor.MalformedCommandException;
import io.botgrid.actor.UnknownActorTypeException;
import io.botgrid.bots.internal.BotApiException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one mapping from failures to gRPC status codes. Only the message travels: never a stack trace, never a cause.
 */
final class Statuses {
    private Statuses() {
    }

    /** The status of an actor failure. */
    static Status of(ActorException e) {
        Status status;
        if (e instanceof MalformedCommandException || e instanceof InvalidActorIdException) {
            status = Status.INVALID_ARGUMENT;
        } else if (e instanceof UnknownActorTypeException) {
            status = Status.NOT_FOUND;
        } else if (e instanceof ActorCallTimeoutException) {
            status = Status.DEADLINE_EXCEEDED;
        } else if (e instanceof ClusterUnavailableException || e instanceof JournalUnavailableException) {
            status = Status.UNAVAILABLE;
        } else if (e instanceof CommandRejectedException) {
            status = Status.FAILED_PRECONDITION;
        } else if (e instanceof ActorTurnFailedException) {
            status = Status.INTERNAL;
        } else {
            status = Status.INTERNAL; // the set is sealed: a new subclass must be added above
        }
        return status.withDescription(e.getMessage());
    }

    /** The status of a refused bot platform request: the code of the same name, with the reason. */
    static Status of(BotApiException e) {
        Status status = switch (e.kind()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
        };
        return status.withDescription(e.getMessage());
    }

    /**
     * The status of any failure: actor failures by {@link #of(ActorException)}, bot platform refusals by
     * {@link #of(BotApiException)}, anything else INTERNAL.
     */
    static Status of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ActorException a) {
            return of(a);
        }
        if (e instanceof BotApiException b) {
            return of(b);
        }
        if (e instanceof StatusRuntimeException s) {
            return s.getStatus();
        }
        if (e instanceof StatusException s) {
            return s.getStatus();
        }
        return Status.INTERNAL.withDescription("internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
