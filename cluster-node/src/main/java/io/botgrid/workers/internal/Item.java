package io.botgrid.workers.internal;

import io.opentelemetry.context.Context;
import io.botgrid.workers.spi.WorkerMessage;

/**
 * A message inside the engine and the trace it belongs to, with what telemetry needs: the tracing context it came
 * from (the push's caller, then each stage's span, so a chain item's spans form one tree) and when it was handed to
 * its current stage (epoch nanoseconds of the engine's clock; 0 when unknown), for the stage's queue wait.
 */
record Item(WorkerMessage message, Trace trace, Context context, long enqueuedAtNanos) {
    Item(WorkerMessage message, Trace trace) {
        this(message, trace, Context.root(), 0);
    }
}
