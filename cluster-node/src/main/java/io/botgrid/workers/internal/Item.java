package io.botgrid.workers.internal;

import io.botgrid.workers.spi.WorkerMessage;

/** A message inside the engine and the trace it belongs to. */
record Item(WorkerMessage message, Trace trace) {
}
