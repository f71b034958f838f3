package io.botgrid.grpc.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a unary call of the bot services from a future of the bot platform, on the front's callback executor, so
 * that neither a transport thread nor a runtime thread ever writes to the wire and every failure, thrown or
 * completed, is turned into a status by {@link Statuses} alone.
 */
final class UnaryAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(UnaryAnswer.class);

    private UnaryAnswer() {
    }

    static <T> void answer(String method, Supplier<CompletableFuture<T>> call, StreamObserver<T> responses,
                           Executor callbacks) {
        ServerCallStreamObserver<T> observer = (ServerCallStreamObserver<T>) responses;
        observer.setOnCancelHandler(() -> {
            // the caller left; the operation runs to its end (it is idempotent) and its result is dropped
        });
        CompletableFuture<T> result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenCompleteAsync((value, error) -> send(method, observer, value, error), callbacks);
    }

    private static <T> void send(String method, ServerCallStreamObserver<T> observer, T value, Throwable error) {
        if (observer.isCancelled()) {
            return;
        }
        try {
            if (error == null) {
                observer.onNext(value);
                observer.onCompleted();
            } else {
                Status status = Statuses.of(error);
                if (status.getCode() == Status.Code.INTERNAL) {
                    LOG.debug("{} failed: {}", method, status.getDescription(), error);
                }
                observer.onError(status.asRuntimeException(Statuses.trailers(error, status)));
            }
        } catch (IllegalStateException | StatusRuntimeException e) {
            LOG.debug("Answer of {} not sent: the call ended meanwhile ({})", method, e.getMessage());
        }
    }
}
