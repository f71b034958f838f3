package io.botgrid.workers.cluster.internal;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collections;

/**
 * The W3C {@code traceparent} of a worker call between nodes ({@code WorkerCall.traceparent}), so that a chain's
 * stage spans on the target node continue the caller's trace (the gRPC request, the bot turn that pushed).
 */
final class TraceContext {
    private static final String TRACEPARENT = "traceparent";
    private static final TextMapSetter<String[]> SETTER = (carrier, key, value) -> {
        if (TRACEPARENT.equals(key)) {
            carrier[0] = value;
        }
    };
    // keys() must be implemented although OpenTelemetry deprecates it; the W3C propagator never calls it here
    @SuppressWarnings("deprecation")
    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return Collections.singleton(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private TraceContext() {
    }

    /** The current context's traceparent, or empty when no valid span is current. */
    static String current() {
        String[] carrier = new String[1];
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, SETTER);
        return carrier[0] == null ? "" : carrier[0];
    }

    /** The context a call carried: the caller's span as remote parent, or the current context when none. */
    static Context of(String traceparent) {
        return traceparent.isEmpty() ? Context.current()
                : W3CTraceContextPropagator.getInstance().extract(Context.current(), traceparent, GETTER);
    }
}
