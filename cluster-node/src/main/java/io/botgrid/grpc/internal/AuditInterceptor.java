package io.botgrid.grpc.internal;

import io.botgrid.audit.AuditEntry;
import io.botgrid.audit.AuditLog;
import io.grpc.Context;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records in the {@link AuditLog}, when a call ends, every call of a management method ({@link AuditedMethods}) and
 * every call refused with UNAUTHENTICATED or PERMISSION_DENIED, whatever the method: who (the principal
 * {@link AuthInterceptor} found, see {@link #identify}), what (the method and its target), when (by {@link AuditLog#clock()}), from which address
 * and with which status.
 *
 * <p>It is the outermost of the front's own interceptors, so it sees refusals by authentication and the failure
 * barrier's INTERNAL too; it passes the call on unchanged. Refused authentications are recorded at most
 * {@value #REFUSALS_PER_SECOND} a second per node (the rest are counted, see {@link #refusalsNotRecorded()}): a
 * caller hammering the port with bad tokens must not turn each attempt into a durable write.
 */
final class AuditInterceptor implements ServerInterceptor {
    /** The audited call in progress, in the call's context; {@link AuthInterceptor} names its caller there. */
    private static final Context.Key<AuditedCall> CALL = Context.key("botgrid-audited-call");
    static final int REFUSALS_PER_SECOND = 50;

    private final AuditLog log;
    private final String nodeName;
    private final boolean authEnabled;
    /** The front's clock, for the per-second bound only; entries are dated by the log's own clock. */
    private final Clock clock;
    private final AtomicLong windowSecond = new AtomicLong();
    private final AtomicLong windowCount = new AtomicLong();
    private final AtomicLong refusalsNotRecorded = new AtomicLong();

    AuditInterceptor(AuditLog log, String nodeName, boolean authEnabled, Clock clock) {
        this.log = log;
        this.nodeName = nodeName;
        this.authEnabled = authEnabled;
        this.clock = clock;
    }

    /** Tells the audited call in the current context who its caller is; called once the token checked out. */
    static void identify(Authenticator.Principal principal) {
        AuditedCall call = CALL.get();
        if (call != null) {
            call.principal = principal;
        }
    }

    /** Refused authentications not recorded because of the per-second bound. */
    long refusalsNotRecorded() {
        return refusalsNotRecorded.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (OpenServices.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        // The caller's address is formatted only if the call is recorded (most calls are not).
        AuditedCall audited = new AuditedCall(method, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        ServerCall<Q, R> watched = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                ended(audited, status);
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener = authEnabled ? startIdentified(audited, watched, headers, next)
                : next.startCall(watched, headers); // no authentication: no one to identify
        if (!AuditedMethods.contains(method)) {
            return listener;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                if (audited.target == null) {
                    audited.target = AuditedMethods.target(method, message);
                }
                super.onMessage(message);
            }
        };
    }

    /**
     * Starts the call with the audited call in the context, where {@link AuthInterceptor} (which runs inside this
     * interceptor's {@code startCall}) names its caller through {@link #identify}. Only the start needs it, so the
     * context is attached for the start alone, not around every later event of the call.
     */
    private static <Q, R> ServerCall.Listener<Q> startIdentified(AuditedCall audited, ServerCall<Q, R> call,
                                                                 Metadata headers, ServerCallHandler<Q, R> next) {
        Context context = Context.current().withValue(CALL, audited);
        Context previous = context.attach();
        try {
            return next.startCall(call, headers);
        } finally {
            context.detach(previous);
        }
    }

    private void ended(AuditedCall call, Status status) {
        Status.Code code = status.getCode();
        boolean refused = code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED;
        if (!call.recorded.compareAndSet(false, true) || !refused && !AuditedMethods.contains(call.method)) {
            return;
        }
        if (code == Status.Code.UNAUTHENTICATED && !withinRefusalBound()) {
            refusalsNotRecorded.incrementAndGet();
            return;
        }
        Authenticator.Principal p = call.principal;
        String actor = p != null ? p.name() : authEnabled ? "unauthenticated" : "anonymous";
        log.record(new AuditEntry("", log.clock().instant(), actor, p == null ? "" : p.role().label(),
                AuditedMethods.action(call.method), call.target, address(call.remote), code.name(),
                status.isOk() ? "" : status.getDescription(), nodeName));
    }

    private boolean withinRefusalBound() {
        long second = clock.millis() / 1_000;
        long current = windowSecond.get();
        if (second != current && windowSecond.compareAndSet(current, second)) {
            windowCount.set(0);
        }
        return windowCount.incrementAndGet() <= REFUSALS_PER_SECOND;
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    /** What is known of a call so far; written by the call's own threads, read when it closes. */
    private static final class AuditedCall {
        final String method;
        final SocketAddress remote;
        final AtomicBoolean recorded = new AtomicBoolean();
        volatile Authenticator.Principal principal;
        volatile String target;

        AuditedCall(String method, SocketAddress remote) {
            this.method = method;
            this.remote = remote;
        }
    }
}
