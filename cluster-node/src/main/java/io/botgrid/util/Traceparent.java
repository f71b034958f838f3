package io.botgrid.util;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collections;

/**
 * A W3C {@code traceparent} as one string, for the hops that carry it in a message field rather than in headers
 * (actor calls between nodes in {@code CallRequest.traceparent}, worker calls in {@code WorkerCall.traceparent}).
 *
 * <p>Why through OpenTelemetry's W3C propagator and not by hand: the format's versioning, flags and validation are
 * the propagator's; this class only adapts a single string to its carrier interfaces.
 */
public final class Traceparent {
    private static final String KEY = "traceparent";
    private static final TextMapSetter<String[]> SETTER = (carrier, key, value) -> {
        if (KEY.equals(key)) {
            carrier[0] = value;
        }
    };
    // keys() must be implemented although OpenTelemetry deprecates it; the W3C propagator never calls it here
    @SuppressWarnings("deprecation")
    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return Collections.singleton(KEY);
        }

        @Override
        public String get(String carrier, String key) {
            return KEY.equals(key) ? carrier : null;
        }
    };

    private Traceparent() {
    }

    /** The traceparent of {@code context}'s span, or empty when it has no valid span. */
    public static String of(Context context) {
        String[] carrier = new String[1];
        W3CTraceContextPropagator.getInstance().inject(context, carrier, SETTER);
        return carrier[0] == null ? "" : carrier[0];
    }

    /** {@code base} with the span of {@code traceparent} as remote parent; {@code base} itself when it is empty. */
    public static Context continueFrom(Context base, String traceparent) {
        return traceparent.isEmpty() ? base : W3CTraceContextPropagator.getInstance().extract(base, traceparent, GETTER);
    }
}
