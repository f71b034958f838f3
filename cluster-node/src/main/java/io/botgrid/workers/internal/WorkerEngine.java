package io.botgrid.workers.internal;

import io.botgrid.util.Scheduler;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.PluginFunctions;
import io.botgrid.workers.WorkersConfig;
import io.botgrid.workers.WorkersTelemetry;
import io.botgrid.util.PluginJars;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import java.time.Clock;
import java.util.List;

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
        return create(config, scheduler, clock, List.of());
    }

    /**
     * As {@link #create(WorkersConfig, Scheduler, Clock)} with more functions beside the built-ins and plugins: for
     * an embedding application that has its functions on its own class path, and for tests.
     */
    public static LocalSupervisor create(WorkersConfig config, Scheduler scheduler, Clock clock,
                                         List<WorkerFunctionFactory> extra) {
        return create(config, scheduler, clock, extra, WorkersTelemetry.NONE);
    }

    /**
     * As {@link #create(WorkersConfig, Scheduler, Clock, List)}, reporting chain stages' work to {@code telemetry}:
     * a span per stage handling (timed on {@code clock}) and the observer's metrics.
     */
    public static LocalSupervisor create(WorkersConfig config, Scheduler scheduler, Clock clock,
                                         List<WorkerFunctionFactory> extra, WorkersTelemetry telemetry) {
        return create(config, scheduler, clock, extra, telemetry, PluginFunctions.NONE);
    }

    /**
     * As {@link #create(WorkersConfig, Scheduler, Clock, List, WorkersTelemetry)}, with the functions of plugins
     * deployed to the running cluster, which specs name {@code plugin:<plugin>[@<version>]/<function>}.
     */
    public static LocalSupervisor create(WorkersConfig config, Scheduler scheduler, Clock clock,
                                         List<WorkerFunctionFactory> extra, WorkersTelemetry telemetry,
                                         PluginFunctions deployed) {
        FunctionCatalog catalog = FunctionCatalog.load(config.pluginsDir(),
                extra.stream().map(f -> new PluginJars.Plugin<>(f, "embedded " + f.getClass().getName())).toList())
                .withPlugins(deployed);
        return new NodeSupervisor(config, catalog, scheduler, clock, telemetry);
    }
}
