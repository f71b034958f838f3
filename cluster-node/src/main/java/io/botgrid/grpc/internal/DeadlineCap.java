package io.botgrid.grpc.internal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Clamps the deadline of a unary call to the front's maximum: a caller asking for a day would otherwise hold its
 * slot of {@code grpcMaxInFlightCalls}, and whatever the call waits on, for a day. The call runs in a context whose
 * deadline is the maximum (so services that plan with {@code Context.current().getDeadline()} see it), and when
 * that deadline passes the call ends with DEADLINE_EXCEEDED saying it was clamped. Calls without a deadline get the
 * services' default one; streams are not clamped (an event stream is meant to stay open).
 */
final class DeadlineCap implements ServerInterceptor {
    private final long maxNanos;
    private final Duration max;
    private final ScheduledExecutorService timer;

    DeadlineCap(Duration max, ScheduledExecutorService timer) {
        this.max = max;
        this.maxNanos = max.toNanos();
        this.timer = timer;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Deadline asked = Context.current().getDeadline();
        if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY || asked == null
                || asked.timeRemaining(TimeUnit.NANOSECONDS) <= maxNanos) {
            return next.startCall(call, headers);
        }
        Duration askedFor = Duration.ofMillis(asked.timeRemaining(TimeUnit.MILLISECONDS));
        Context.CancellableContext clamped = Context.current().withDeadline(
                Deadline.after(maxNanos, TimeUnit.NANOSECONDS), timer);
        OnceClosed<Q, R> guarded = new OnceClosed<>(call);
        clamped.addListener(context -> {
            if (context.getDeadline() != null && context.getDeadline().isExpired()) {
                guarded.closeOnce(Status.DEADLINE_EXCEEDED.withDescription("the call ran into the server's maximum "
                        + "deadline of " + max + " (grpcMaxDeadline), to which its deadline of " + askedFor
                        + " was clamped"));
            }
        }, Runnable::run);
        ServerCall.Listener<Q> listener = Contexts.interceptCall(clamped, guarded, headers, next);
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } finally {
                    clamped.cancel(null);
                }
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    clamped.cancel(null);
                }
            }
        };
    }

    /** The call, closed once: by the service or by the clamped deadline, whichever comes first. */
    private static final class OnceClosed<Q, R> extends SimpleForwardingServerCall<Q, R> {
        private boolean closed;

        OnceClosed(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        @Override
        public synchronized void sendHeaders(Metadata headers) {
            if (!closed) {
                super.sendHeaders(headers);
            }
        }

        @Override
        public synchronized void sendMessage(R message) {
            if (!closed) {
                super.sendMessage(message);
            }
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                super.close(status, trailers);
            }
        }

        synchronized void closeOnce(Status status) {
            close(status, new Metadata());
        }
    }
}
