package io.botgrid.workers.internal;

import io.botgrid.util.Scheduler;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.WorkersConfig;
import java.time.Clock;

/**
 * Builds the node-local workers engine: the one entry point of this package for the composition root.
 */
public final class WorkerEngine {
    private WorkerEngine() {
    }

    /**
     * A running engine with the built-in functions and the plugins of {@code config.pluginsDir()}.
     *
     * @param scheduler drives restart backoff and the {@code delay} function (owned by the caller, not closed here)
     * @param clock wall clock for event times
     * @throws IllegalStateException when the plugins cannot be loaded or two functions share a name
     */
    public static LocalSupervisor create(WorkersConfig config, Scheduler scheduler, Clock clock) {
        throw new UnsupportedOperationException("not built yet");
    }
}
