package io.botgrid.grpc.internal;

import io.botgrid.telemetry.LogContext;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.slf4j.MDC;

/**
 * Puts the node and the called method into the MDC ({@link LogContext#NODE}, {@link LogContext#RPC}) while the
 * front's code handles a call's events, so every log line a request writes on the front says which call it was.
 * The work the call hands to the actor runtime carries the runtime's own context there.
 */
public final class LogContextInterceptor implements ServerInterceptor {
    private final String nodeName;

    public LogContextInterceptor(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        ServerCall.Listener<Q> delegate = inContext(method, () -> next.startCall(call, headers));
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                inContext(method, () -> {
                    super.onMessage(message);
                    return null;
                });
            }

            @Override
            public void onHalfClose() {
                inContext(method, () -> {
                    super.onHalfClose();
                    return null;
                });
            }

            @Override
            public void onCancel() {
                inContext(method, () -> {
                    super.onCancel();
                    return null;
                });
            }
        };
    }

    private <T> T inContext(String method, java.util.function.Supplier<T> work) {
        MDC.put(LogContext.NODE, nodeName);
        MDC.put(LogContext.RPC, method);
        // the server span of OpenTelemetry's interceptor, when it is current here (tracing on)
        io.opentelemetry.api.trace.SpanContext span = io.opentelemetry.api.trace.Span.current().getSpanContext();
        boolean traced = span.isValid() && MDC.get(LogContext.TRACE_ID) == null;
        if (traced) {
            MDC.put(LogContext.TRACE_ID, span.getTraceId());
        }
        try {
            return work.get();
        } finally {
            MDC.remove(LogContext.NODE);
            MDC.remove(LogContext.RPC);
            if (traced) {
                MDC.remove(LogContext.TRACE_ID);
            }
        }
    }
}
