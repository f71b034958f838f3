package io.botgrid.client.internal;

import io.botgrid.client.BotgridException;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.RetryPolicy;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A unary call with the SDK's retry rule: UNAVAILABLE is retried on the next endpoint after a backoff, within the
 * call's deadline and the policy's attempts; everything else completes the call.
 */
public final class Unary {
    private final Endpoints endpoints;
    private final RetryPolicy policy;
    private final ScheduledExecutorService scheduler;

    public Unary(Endpoints endpoints, RetryPolicy policy, ScheduledExecutorService scheduler) {
        this.endpoints = endpoints;
        this.policy = policy;
        this.scheduler = scheduler;
    }

    /** A call to the preferred region (failing over to the others). */
    public <Q, A> CompletableFuture<A> call(MethodDescriptor<Q, A> method, Q request, Deadline deadline) {
        return call(method, request, deadline, endpoints.preferred());
    }

    /** A call to {@code home}'s endpoints first, then the other regions'; the same request on every attempt. */
    public <Q, A> CompletableFuture<A> call(MethodDescriptor<Q, A> method, Q request, Deadline deadline,
                                            String home) {
        CompletableFuture<A> result = new CompletableFuture<>();
        attempt(method, request, deadline, home, 1, result, null, null);
        return result;
    }

    /**
     * A call sent first to {@code first} (the actor's owner, by the partition map); if that node is unavailable,
     * {@code onUnavailable} runs and the call goes on as {@link #call(MethodDescriptor, Object, Deadline, String)}
     * would, through {@code home}'s endpoints, with the same request (so the same idempotency key).
     */
    public <Q, A> CompletableFuture<A> callVia(Channel first, MethodDescriptor<Q, A> method, Q request,
                                               Deadline deadline, String home, Runnable onUnavailable) {
        CompletableFuture<A> result = new CompletableFuture<>();
        attempt(method, request, deadline, home, 1, result, first, onUnavailable);
        return result;
    }

    private <Q, A> void attempt(MethodDescriptor<Q, A> method, Q request, Deadline deadline, String home,
                                int attempt, CompletableFuture<A> result, Channel via, Runnable onUnavailable) {
        if (deadline.isExpired()) {
            result.completeExceptionally(new BotgridException(ErrorCode.DEADLINE_EXCEEDED,
                    "deadline passed after " + (attempt - 1) + " attempt(s)", null));
            return;
        }
        int index = via != null ? -1 : endpoints.currentIndex(home);
        Channel channel = via != null ? via : endpoints.channel(index);
        ClientCalls.asyncUnaryCall(channel.newCall(method, CallOptions.DEFAULT.withDeadline(deadline)), request,
                new StreamObserver<>() {
                    private A value;

                    @Override
                    public void onNext(A v) {
                        value = v;
                    }

                    @Override
                    public void onError(Throwable t) {
                        Status status = Errors.statusOf(t);
                        if (status.getCode() == Status.Code.UNAVAILABLE && via != null) {
                            onUnavailable.run();
                            if (attempt < policy.maxAttempts()) { // at once: the next try goes to another node
                                attempt(method, request, deadline, home, attempt + 1, result, null, null);
                                return;
                            }
                        } else if (status.getCode() == Status.Code.UNAVAILABLE && attempt < policy.maxAttempts()) {
                            endpoints.failover(home, index);
                            long wait = policy.backoff(attempt + 1).toMillis();
                            if (deadline.timeRemaining(TimeUnit.MILLISECONDS) > wait) {
                                scheduler.schedule(() -> attempt(method, request, deadline, home, attempt + 1,
                                                result, null, null),
                                        wait, TimeUnit.MILLISECONDS);
                                return;
                            }
                        }
                        result.completeExceptionally(Errors.toException(t));
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(value);
                    }
                });
    }
}
