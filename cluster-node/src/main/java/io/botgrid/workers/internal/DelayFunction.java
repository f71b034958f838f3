package io.botgrid.workers.internal;

import io.botgrid.workers.spi.InvalidWorkerSettingsException;
import io.botgrid.workers.spi.WorkerContext;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Built-in {@code delay}: emits its input unchanged after {@code millis} (setting, required, 0 to 3 600 000). Waits on
 * the node's scheduler ({@link WorkerContext#after}), never by sleeping on the shared pool.
 */
final class DelayFunction implements WorkerFunction {
    private final Duration delay;
    private WorkerContext context;

    private DelayFunction(Duration delay) {
        this.delay = delay;
    }

    @Override
    public void init(WorkerContext ctx) {
        this.context = ctx;
    }

    @Override
    public CompletionStage<List<WorkerMessage>> handleAsync(WorkerMessage input) {
        return context.after(delay).thenApply(v -> List.of(input));
    }

    static final class Factory implements WorkerFunctionFactory {
        @Override
        public String name() {
            return "delay";
        }

        @Override
        public WorkerFunction create(Map<String, String> settings) {
            for (String k : settings.keySet()) {
                if (!k.equals("millis")) {
                    throw new InvalidWorkerSettingsException(k, "unknown setting (delay takes: millis)");
                }
            }
            String v = settings.get("millis");
            if (v == null) {
                throw new InvalidWorkerSettingsException("millis", "required: the delay in milliseconds");
            }
            long ms;
            try {
                ms = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new InvalidWorkerSettingsException("millis", "must be a whole number of milliseconds, got '" + v + "'");
            }
            if (ms < 0 || ms > 3_600_000) {
                throw new InvalidWorkerSettingsException("millis", "must be between 0 and 3600000, got " + ms);
            }
            return new DelayFunction(Duration.ofMillis(ms));
        }
    }
}
