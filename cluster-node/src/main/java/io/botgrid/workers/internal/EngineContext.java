package io.botgrid.workers.internal;

import io.botgrid.util.Scheduler;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkersConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** What every spec runtime of an engine shares: configuration, the pool, time, the catalogue and the event sink. */
record EngineContext(WorkersConfig config, Executor pool, Scheduler scheduler, FunctionCatalog catalog, Clock clock,
                     Consumer<WorkerEvent> events, StageTracing stageTracing) {
    void emit(WorkerEvent e) {
        events.accept(e);
    }

    Instant now() {
        return clock.instant();
    }
}
