package io.botgrid.client.internal;

import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/** Turns gRPC failures into {@link BotgridException}. */
public final class Errors {
    private Errors() {
    }

    public static Status statusOf(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s.getStatus();
        }
        if (t instanceof StatusException s) {
            return s.getStatus();
        }
        return Status.fromThrowable(t);
    }

    public static BotgridException toException(Throwable t) {
        if (t instanceof BotgridException b) {
            return b;
        }
        Status status = statusOf(t);
        ErrorCode code = switch (status.getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorCode.INVALID_ARGUMENT;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case ALREADY_EXISTS -> ErrorCode.ALREADY_EXISTS;
            case DEADLINE_EXCEEDED -> ErrorCode.DEADLINE_EXCEEDED;
            case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
            case RESOURCE_EXHAUSTED -> ErrorCode.RESOURCE_EXHAUSTED;
            case UNAUTHENTICATED -> ErrorCode.UNAUTHENTICATED;
            case PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED;
            case FAILED_PRECONDITION, ABORTED -> ErrorCode.FAILED_PRECONDITION;
            case INTERNAL -> ErrorCode.INTERNAL;
            default -> ErrorCode.UNKNOWN;
        };
        String message = status.getDescription() != null ? status.getDescription() : status.getCode().name();
        return new BotgridException(code, message, t);
    }
}
