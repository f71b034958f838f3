package io.botgrid.grpc.internal;

import io.botgrid.actor.ActorException;
import io.botgrid.actor.CommandRejectedException;
import io.botgrid.actor.ErrorCode;
import io.botgrid.actor.RejectionCode;
import io.botgrid.bots.platform.BotApiException;
import io.botgrid.cluster.DrainRefusedException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one mapping from failures (their {@link ErrorCode} and {@link RejectionCode}) to gRPC status codes. Only the
 * message travels: never a stack trace, never a cause.
 */
final class Statuses {
    private Statuses() {
    }

    /** The status of an actor failure: one per {@link ErrorCode}; a rejection by its {@link RejectionCode}. */
    static Status of(ActorException e) {
        Status.Code code = switch (e.code()) {
            case MALFORMED_COMMAND, INVALID_ACTOR_ID -> Status.Code.INVALID_ARGUMENT;
            case UNKNOWN_ACTOR_TYPE -> Status.Code.NOT_FOUND;
            case CALL_TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
            case CLUSTER_UNAVAILABLE, JOURNAL_UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case COMMAND_REJECTED -> code(((CommandRejectedException) e).rejectionCode());
            case TURN_FAILED -> Status.Code.INTERNAL;
        };
        return Status.fromCode(code).withDescription(e.getMessage());
    }

    /** The status of a refused bot platform request: the code of its rejection code, with the reason. */
    static Status of(BotApiException e) {
        return Status.fromCode(code(e.code())).withDescription(e.getMessage());
    }

    /**
     * Trailers for the status of {@code error}: the retry information of a rate-limited bot request (see
     * {@link RetryTrailers}), none otherwise.
     */
    static io.grpc.Metadata trailers(Throwable error, Status status) {
        if (unwrap(error) instanceof BotApiException b && b.retryAfter().isPresent()) {
            return RetryTrailers.of(status, b.retryAfter().get());
        }
        return new io.grpc.Metadata();
    }

    /** The status of a refused or unfinished drain. */
    static Status of(DrainRefusedException e) {
        Status.Code code = switch (e.reason()) {
            case UNKNOWN_NODE -> Status.Code.NOT_FOUND;
            case UNSAFE -> Status.Code.FAILED_PRECONDITION;
            case TIMED_OUT -> Status.Code.DEADLINE_EXCEEDED;
            case NOT_CONFIRMED -> Status.Code.UNAVAILABLE;
        };
        return Status.fromCode(code).withDescription(e.getMessage());
    }

    /** A rejection's status code: the one of the same name. */
    static Status.Code code(RejectionCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
        };
    }

    /**
     * The status of any failure: actor failures by {@link #of(ActorException)}, bot platform refusals by
     * {@link #of(BotApiException)}, drain refusals by {@link #of(DrainRefusedException)}, anything else INTERNAL.
     */
    static Status of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ActorException a) {
            return of(a);
        }
        if (e instanceof BotApiException b) {
            return of(b);
        }
        if (e instanceof DrainRefusedException d) {
            return of(d);
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
