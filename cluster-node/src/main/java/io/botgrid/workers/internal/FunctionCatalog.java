package io.botgrid.workers.internal;

import io.botgrid.util.PluginJars;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.PluginFunctions;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.spi.InvalidWorkerSettingsException;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.TerminationReason;
import io.botgrid.workers.spi.WorkerContext;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker functions a node can run, by name: the built-ins and the plugins of its plugins folder, fixed when the
 * engine starts, and the functions of plugins deployed to the running cluster, named
 * {@code plugin:<plugin>[@<version>]/<function>} and looked up in {@link PluginFunctions} each time: when a spec is
 * applied (so an unknown one is refused like an unknown built-in) and whenever an instance is created (so a restart
 * or a scale-up takes the plugin's latest version). An instance holds a lease on the version it was made from until
 * it terminates.
 */
final class FunctionCatalog {
    static final String PLUGIN_PREFIX = "plugin:";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern PLUGIN_REF = Pattern.compile(
            "plugin:([a-z0-9-]{1,64})(?:@([A-Za-z0-9._-]{1,64}))?/([a-z0-9][a-z0-9-]{0,63})");
    private final Map<String, WorkerFunctionFactory> factories;
    private final PluginFunctions plugins;

    private FunctionCatalog(Map<String, WorkerFunctionFactory> factories, PluginFunctions plugins) {
        this.factories = factories;
        this.plugins = plugins;
    }

    /** The same fixed functions, with {@code plugin:} names looked up in {@code deployed}. */
    FunctionCatalog withPlugins(PluginFunctions deployed) {
        return new FunctionCatalog(factories, deployed);
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
        return new FunctionCatalog(Map.copyOf(byName), PluginFunctions.NONE);
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
        if (ref.function().startsWith(PLUGIN_PREFIX)) {
            PluginFunctions.Lease lease;
            try {
                lease = lease(ref.function());
            } catch (IllegalArgumentException e) {
                throw new InvalidWorkerSpecException(field, "unknown worker function '" + ref.function() + "': "
                        + e.getMessage());
            }
            try (lease) {
                check(field, ref, lease.factory());
            }
            return;
        }
        WorkerFunctionFactory f = factories.get(ref.function());
        if (f == null) {
            throw new InvalidWorkerSpecException(field, "unknown worker function '" + ref.function() + "' (known: "
                    + String.join(", ", names()) + ")");
        }
        check(field, ref, f);
    }

    /**
     * A lease on a deployed plugin's function.
     *
     * @throws IllegalArgumentException when the name is malformed or names nothing deployed here
     */
    private PluginFunctions.Lease lease(String function) {
        Matcher m = PLUGIN_REF.matcher(function);
        if (!m.matches()) {
            throw new IllegalArgumentException("a plugin function is named plugin:<plugin>/<function> or "
                    + "plugin:<plugin>@<version>/<function>");
        }
        return plugins.acquire(m.group(1), m.group(2), m.group(3));
    }

    private static void check(String field, FunctionRef ref, WorkerFunctionFactory f) {
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
        if (function.startsWith(PLUGIN_PREFIX)) {
            PluginFunctions.Lease lease;
            try {
                lease = lease(function);
            } catch (IllegalArgumentException e) { // removed since the spec was applied: this instance crashes
                throw new IllegalStateException("worker function '" + function + "': " + e.getMessage(), e);
            }
            try {
                return new Leased(lease.factory().create(settings), lease);
            } catch (RuntimeException e) {
                lease.close();
                throw e;
            }
        }
        WorkerFunctionFactory f = factories.get(function);
        if (f == null) {
            throw new IllegalStateException("unknown worker function '" + function + "'");
        }
        return f.create(settings);
    }

    /** Releases what an instance holds once it has ended (whether or not it was initialised). */
    static void release(WorkerFunction f) {
        if (f instanceof Leased l) {
            l.lease.close();
        }
    }

    /** An instance of a deployed plugin's function, holding the lease on its version until {@link #release}. */
    private static final class Leased implements WorkerFunction {
        private final WorkerFunction delegate;
        private final PluginFunctions.Lease lease;

        Leased(WorkerFunction delegate, PluginFunctions.Lease lease) {
            this.delegate = delegate;
            this.lease = lease;
        }

        @Override
        public void init(WorkerContext context) throws Exception {
            delegate.init(context);
        }

        @Override
        public List<WorkerMessage> handle(WorkerMessage input) throws Exception {
            return delegate.handle(input);
        }

        @Override
        public CompletionStage<List<WorkerMessage>> handleAsync(WorkerMessage input) {
            return delegate.handleAsync(input);
        }

        @Override
        public void terminate(TerminationReason reason) {
            delegate.terminate(reason);
        }
    }
}
