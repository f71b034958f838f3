package io.botgrid.workers.internal;

import io.botgrid.util.PluginJars;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.spi.InvalidWorkerSettingsException;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The worker functions a node can run, by name: the built-ins and the plugins of its plugins folder. Fixed when the
 * engine starts, so a spec's functions are checked once, when it is applied.
 */
final class FunctionCatalog {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private final Map<String, WorkerFunctionFactory> factories;

    private FunctionCatalog(Map<String, WorkerFunctionFactory> factories) {
        this.factories = factories;
    }

    /**
     * The built-ins plus the plugins of {@code pluginsDir} (null: none).
     *
     * @throws IllegalStateException when a name is malformed or taken twice, or the plugins cannot be loaded
     */
    static FunctionCatalog load(Path pluginsDir, List<PluginJars.Plugin<WorkerFunctionFactory>> extra) {
        List<PluginJars.Plugin<WorkerFunctionFactory>> all = new ArrayList<>();
        for (WorkerFunctionFactory f : List.of(new EchoFunction.Factory(), new DelayFunction.Factory(),
                new HttpFunction.Factory())) {
            all.add(new PluginJars.Plugin<>(f, "built-in"));
        }
        all.addAll(extra);
        if (pluginsDir != null) {
            all.addAll(PluginJars.load(WorkerFunctionFactory.class, pluginsDir));
        }
        return of(all);
    }

    static FunctionCatalog of(List<PluginJars.Plugin<WorkerFunctionFactory>> plugins) {
        Map<String, WorkerFunctionFactory> byName = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        for (PluginJars.Plugin<WorkerFunctionFactory> p : plugins) {
            String name = p.provider().name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalStateException("worker function of " + p.origin() + " has a bad name '" + name
                        + "': lowercase letters, digits and '-', at most 64");
            }
            if (byName.putIfAbsent(name, p.provider()) != null) {
                throw new IllegalStateException("worker function '" + name + "' is defined twice: by "
                        + origins.get(name) + " and by " + p.origin());
            }
            origins.put(name, p.origin());
        }
        return new FunctionCatalog(Map.copyOf(byName));
    }

    Set<String> names() {
        return new java.util.TreeSet<>(factories.keySet());
    }

    /** Checks every function of a spec: known, and accepting its settings. */
    void validate(WorkerSpec spec) {
        for (Map.Entry<String, FunctionRef> e : spec.functions().entrySet()) {
            check(e.getKey(), e.getValue());
        }
    }

    private void check(String field, FunctionRef ref) {
        WorkerFunctionFactory f = factories.get(ref.function());
        if (f == null) {
            throw new InvalidWorkerSpecException(field, "unknown worker function '" + ref.function() + "' (known: "
                    + String.join(", ", names()) + ")");
        }
        try {
            f.create(ref.settings());
        } catch (InvalidWorkerSettingsException e) {
            throw new InvalidWorkerSpecException(
                    e.setting().isEmpty() ? field : field.replace(".function", "") + ".settings." + e.setting(),
                    e.reason());
        } catch (RuntimeException e) {
            throw new InvalidWorkerSpecException(field, "worker function '" + ref.function()
                    + "' refused its settings: " + Cell.describe(e));
        }
    }

    /** A new instance (its settings were validated when the spec was applied). */
    WorkerFunction create(String function, Map<String, String> settings) {
        WorkerFunctionFactory f = factories.get(function);
        if (f == null) {
            throw new IllegalStateException("unknown worker function '" + function + "'");
        }
        return f.create(settings);
    }
}
