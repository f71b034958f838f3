package io.botgrid.workers.cluster.internal;

import io.botgrid.util.Traceparent;
import io.opentelemetry.context.Context;

/**
 * The W3C {@code traceparent} of a worker call between nodes ({@code WorkerCall.traceparent}), so that a chain's
 * stage spans on the target node continue the caller's trace (the gRPC request, the bot turn that pushed).
 */
final class TraceContext {
    private TraceContext() {
    }

    /** The current context's traceparent, or empty when no valid span is current. */
    static String current() {
        return Traceparent.of(Context.current());
    }

    /** The context a call carried: the caller's span as remote parent, or the current context when none. */
    static Context of(String traceparent) {
        return Traceparent.continueFrom(Context.current(), traceparent);
    }
}
