package io.botgrid.grpc.internal;

import io.botgrid.ratelimit.RateLimiter;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * The rate limit of each client: every call but health checking and reflection takes a token of its caller's bucket
 * (the API key or JWT subject, at its role's rate; without authentication, the caller's address at the {@code client}
 * rate). Over the limit the call ends at once with RESOURCE_EXHAUSTED, the wait in its description and as
 * {@code RetryInfo} (see {@link RetryTrailers}), before it takes an in-flight slot. Runs after authentication, which
 * puts the caller in the context.
 */
final class RateLimitInterceptor implements ServerInterceptor {
    private final RateLimiter limiter;

    RateLimitInterceptor(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (OpenServices.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        Authenticator.Principal principal = AuthInterceptor.PRINCIPAL.get(Context.current());
        String who = principal != null ? principal.name() : "addr:" + host(call);
        String role = principal != null ? principal.role().label() : "client";
        Duration wait = limiter.acquireClient(who, role);
        if (wait.isZero()) {
            return next.startCall(call, headers);
        }
        Status status = Status.RESOURCE_EXHAUSTED.withDescription("rate limit of " + who + " (role " + role
                + ") exceeded: retry in " + Math.max(1, wait.toMillis()) + " ms");
        call.close(status, RetryTrailers.of(status, wait));
        return new ServerCall.Listener<>() {
        };
    }

    private static String host(ServerCall<?, ?> call) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }
}
