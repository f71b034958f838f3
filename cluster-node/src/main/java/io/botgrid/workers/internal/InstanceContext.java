package io.botgrid.workers.internal;

import io.botgrid.util.Scheduler;
import io.botgrid.workers.spi.WorkerContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The {@link WorkerContext} of one instance. */
record InstanceContext(String workerId, String specId, long incarnation, int restarts, String nodeName,
                       Scheduler scheduler, Runnable onStopSelf) implements WorkerContext {
    @Override
    public CompletionStage<Void> after(Duration delay) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        scheduler.schedule(delay, () -> f.complete(null));
        return f;
    }

    @Override
    public void stopSelf() {
        onStopSelf.run();
    }
}
