package io.botgrid.bots.handlers;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.ChainHandler;
import io.botgrid.bots.handlers.internal.ConfiguredHandlerCache;
import io.botgrid.bots.handlers.internal.EchoHandler;
import io.botgrid.bots.handlers.internal.LlmHandler;
import io.botgrid.bots.handlers.internal.PluginHandler;
import io.botgrid.bots.handlers.internal.PluginLoader;
import io.botgrid.bots.handlers.internal.RulesHandler;
import io.botgrid.bots.handlers.internal.WebhookHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The handlers a node can run, by name: the built-ins ({@code echo}, {@code rules}, {@code webhook}, {@code llm}) and
 * the plugins of the node's plugins folder, fixed when the node starts.
 *
 * <p>Why fixed at start and strict about names: a bot's handler is named in its stored definition, so every node
 * must resolve a name to the same behaviour; two handlers claiming one name, or a malformed name, stop the node
 * rather than let the choice depend on jar order. Configured handlers are cached by (name, settings text) because
 * sessions ask for them on every message while settings change rarely. Thread-safe.
 *
 * <p>A name {@code chain:<id>} is not a handler of the registry but the supervised-worker chain {@code <id>}, reached
 * through the {@link ChainPort} the node wires in: chains are declared at run time, so whether one exists is asked
 * when a bot is created or updated ({@link #validate}), not fixed at start.
 *
 * <p>Likewise a name {@code plugin:<name>} (the latest version) or {@code plugin:<name>@<version>} (pinned) is a
 * handler plugin deployed to the running cluster, reached through the {@link PluginPort} the node wires in: such
 * plugins come and go while the node runs, and each message leases the version it runs.
 */
public final class HandlerRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final int CACHE_CAPACITY = 1024;
    /** The prefix of a chain handler's name: {@code chain:<chain id>}. */
    public static final String CHAIN_PREFIX = "chain:";
    /** The metric label of every chain handler (labels stay a closed set, whatever chains exist). */
    public static final String CHAIN_KIND = "chain";
    private static final Pattern CHAIN_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** The prefix of a deployed plugin's handler name: {@code plugin:<name>} or {@code plugin:<name>@<version>}. */
    public static final String PLUGIN_PREFIX = "plugin:";
    /** The metric label of every deployed plugin handler (labels stay a closed set, whatever is deployed). */
    public static final String PLUGIN_KIND = "plugin";
    private static final Pattern PLUGIN_NAME = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern PLUGIN_VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, BotHandler> handlers;
    private final Set<String> names;
    private final ConfiguredHandlerCache cache = new ConfiguredHandlerCache(CACHE_CAPACITY);
    private final ChainPort chains;
    private final PluginPort plugins;

    private HandlerRegistry(Map<String, BotHandler> handlers, ChainPort chains, PluginPort plugins) {
        this.handlers = Map.copyOf(handlers);
        this.chains = chains;
        this.plugins = plugins;
        this.names = Collections.unmodifiableSet(new TreeSet<>(handlers.keySet()));
    }

    /**
     * The built-ins plus every plugin in {@code pluginsDirOrNull} (none when null).
     *
     * @throws IllegalStateException when the folder or a plugin cannot be loaded, a name is malformed or taken twice
     */
    public static HandlerRegistry load(Path pluginsDirOrNull) {
        return load(pluginsDirOrNull, List.of(), ChainPort.NONE);
    }

    /**
     * The built-ins, the {@code given} handlers (an embedding application's or a test's, as code) and every plugin in
     * {@code pluginsDirOrNull} (none when null); {@code chain:<id>} handlers reach their chains through
     * {@code chains}.
     *
     * @throws IllegalStateException when the folder or a plugin cannot be loaded, a name is malformed or taken twice
     */
    public static HandlerRegistry load(Path pluginsDirOrNull, List<? extends BotHandler> given, ChainPort chains) {
        return load(pluginsDirOrNull, given, chains, LlmUsage.NONE);
    }

    /**
     * As {@link #load(Path, List, ChainPort)}, with the built-in {@code llm} handler reporting its bots' usage to
     * {@code llmUsage}.
     */
    public static HandlerRegistry load(Path pluginsDirOrNull, List<? extends BotHandler> given, ChainPort chains,
                                       LlmUsage llmUsage) {
        return load(pluginsDirOrNull, given, chains, llmUsage, PluginPort.NONE);
    }

    /**
     * As {@link #load(Path, List, ChainPort, LlmUsage)}, with {@code plugin:} handlers reaching the plugins deployed
     * to the cluster through {@code plugins}.
     */
    public static HandlerRegistry load(Path pluginsDirOrNull, List<? extends BotHandler> given, ChainPort chains,
                                       LlmUsage llmUsage, PluginPort plugins) {
        List<PluginLoader.Plugin> all = new ArrayList<>(builtIns(java.util.Objects.requireNonNull(llmUsage,
                "llmUsage")));
        for (BotHandler h : given) {
            all.add(new PluginLoader.Plugin(h, "given " + h.getClass().getName()));
        }
        if (pluginsDirOrNull != null) {
            all.addAll(PluginLoader.load(pluginsDirOrNull));
        }
        return of(all, java.util.Objects.requireNonNull(chains, "chains"),
                java.util.Objects.requireNonNull(plugins, "plugins"));
    }

    /**
     * The built-ins plus {@code extra} handlers given directly, under the same rules as plugins; for embedding and
     * tests, where writing a jar would be a detour.
     *
     * @throws IllegalStateException when a name is malformed or taken twice
     */
    public static HandlerRegistry withHandlers(List<? extends BotHandler> extra) {
        return load(null, extra, ChainPort.NONE);
    }

    private static List<PluginLoader.Plugin> builtIns(LlmUsage llmUsage) {
        return List.of(builtIn(new EchoHandler()), builtIn(new RulesHandler()), builtIn(new WebhookHandler()),
                builtIn(new LlmHandler(llmUsage)));
    }

    private static PluginLoader.Plugin builtIn(BotHandler h) {
        return new PluginLoader.Plugin(h, "built-in (" + h.getClass().getName() + ")");
    }

    private static HandlerRegistry of(List<PluginLoader.Plugin> all, ChainPort chains, PluginPort plugins) {
        Map<String, PluginLoader.Plugin> byName = new LinkedHashMap<>();
        for (PluginLoader.Plugin p : all) {
            String name = p.handler().name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalStateException("handler " + p.origin() + " has the name '" + name
                        + "'; names must match [a-z0-9-]+");
            }
            PluginLoader.Plugin first = byName.putIfAbsent(name, p);
            if (first != null) {
                throw new IllegalStateException("handler name '" + name + "' is taken twice: by " + first.origin()
                        + " and by " + p.origin());
            }
        }
        Map<String, BotHandler> handlers = new LinkedHashMap<>();
        byName.forEach((name, p) -> handlers.put(name, p.handler()));
        return new HandlerRegistry(handlers, chains, plugins);
    }

    /** The handler called {@code name}, if this node has it. */
    public Optional<BotHandler> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(handlers.get(name));
    }

    /**
     * The metric label of a handler name: the name if it is installed here, {@code chain} for every chain handler,
     * else {@code unknown} (a stored bot may name a handler this node lacks; labels stay a closed set).
     */
    public String kindOf(String name) {
        return names.contains(name) ? name : isChain(name) ? CHAIN_KIND : isPlugin(name) ? PLUGIN_KIND : "unknown";
    }

    /** Whether {@code name} is a chain handler's, {@code chain:<id>}. */
    public static boolean isChain(String name) {
        return name != null && name.startsWith(CHAIN_PREFIX);
    }

    /** Whether {@code name} is a deployed plugin's, {@code plugin:<name>} or {@code plugin:<name>@<version>}. */
    public static boolean isPlugin(String name) {
        return name != null && name.startsWith(PLUGIN_PREFIX);
    }

    /** Every handler name, sorted (chain handlers are not listed: any declared chain can be one). */
    public Set<String> names() {
        return names;
    }

    /**
     * The handler {@code name} bound to {@code settings} (null means empty), configured once per distinct
     * (name, settings) while it stays among the recently used.
     *
     * @throws UnknownHandlerException when there is no handler of that name
     * @throws InvalidHandlerSettingsException when the handler refuses the settings
     */
    public ConfiguredHandler configure(String name, String settings) {
        if (isChain(name)) {
            return configureChain(name, settings);
        }
        if (isPlugin(name)) {
            return configurePlugin(name, settings);
        }
        BotHandler handler = find(name).orElseThrow(() -> new UnknownHandlerException(name, names));
        String text = settings == null ? "" : settings;
        return cache.get(name, text, () -> handler.configure(text));
    }

    /**
     * Checks a bot's handler and settings as a create or update must: {@link #configure}, and for a chain handler
     * that the chain is declared now.
     *
     * @throws UnknownHandlerException when there is no handler of that name, or no chain of that id
     * @throws InvalidHandlerSettingsException when the handler refuses the settings
     */
    public void validate(String name, String settings) {
        ConfiguredHandler configured = configure(name, settings);
        if (configured instanceof PluginHandler plugin) {
            plugin.check(); // the plugin exists now and takes the settings
        }
        if (isChain(name)) {
            String chainId = name.substring(CHAIN_PREFIX.length());
            chains.problem(chainId).ifPresent(why -> {
                throw new UnknownHandlerException(name, "handler '" + name + "': " + why);
            });
        }
    }

    private ConfiguredHandler configurePlugin(String name, String settings) {
        String ref = name.substring(PLUGIN_PREFIX.length());
        int at = ref.indexOf('@');
        String plugin = at < 0 ? ref : ref.substring(0, at);
        String version = at < 0 ? null : ref.substring(at + 1);
        if (!PLUGIN_NAME.matcher(plugin).matches() || version != null && !PLUGIN_VERSION.matcher(version).matches()) {
            throw new UnknownHandlerException(name, "handler '" + name + "': a plugin handler is plugin:<name> or "
                    + "plugin:<name>@<version>, the name [a-z0-9-]{1,64}, the version [A-Za-z0-9._-]{1,64}");
        }
        String text = settings == null ? "" : settings;
        return cache.get(name, text, () -> new PluginHandler(plugins, plugin, version, text));
    }

    private ConfiguredHandler configureChain(String name, String settings) {
        String chainId = name.substring(CHAIN_PREFIX.length());
        if (!CHAIN_ID.matcher(chainId).matches()) {
            throw new UnknownHandlerException(name, "handler '" + name + "': a chain id is 1 to 64 letters, digits, "
                    + "'_', '.' or '-'");
        }
        if (settings != null && !settings.isBlank()) {
            throw new InvalidHandlerSettingsException(1, "a chain handler takes no settings (the chain's spec has "
                    + "them)");
        }
        return cache.get(name, "", () -> new ChainHandler(chains, chainId));
    }
}
