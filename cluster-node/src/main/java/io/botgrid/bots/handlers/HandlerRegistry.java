package io.botgrid.bots.handlers;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.ConfiguredHandlerCache;
import io.botgrid.bots.handlers.internal.EchoHandler;
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
 * The handlers a node can run, by name: the built-ins ({@code echo}, {@code rules}, {@code webhook}) and the plugins
 * of the node's plugins folder, fixed when the node starts.
 *
 * <p>Why fixed at start and strict about names: a bot's handler is named in its stored definition, so every node
 * must resolve a name to the same behaviour; two handlers claiming one name, or a malformed name, stop the node
 * rather than let the choice depend on jar order. Configured handlers are cached by (name, settings text) because
 * sessions ask for them on every message while settings change rarely. Thread-safe.
 */
public final class HandlerRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final int CACHE_CAPACITY = 1024;

    private final Map<String, BotHandler> handlers;
    private final Set<String> names;
    private final ConfiguredHandlerCache cache = new ConfiguredHandlerCache(CACHE_CAPACITY);

    private HandlerRegistry(Map<String, BotHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
        this.names = Collections.unmodifiableSet(new TreeSet<>(handlers.keySet()));
    }

    /**
     * The built-ins plus every plugin in {@code pluginsDirOrNull} (none when null).
     *
     * @throws IllegalStateException when the folder or a plugin cannot be loaded, a name is malformed or taken twice
     */
    public static HandlerRegistry load(Path pluginsDirOrNull) {
        return load(pluginsDirOrNull, List.of());
    }

    /**
     * The built-ins, the {@code given} handlers (an embedding application's or a test's, as code) and every plugin in
     * {@code pluginsDirOrNull} (none when null).
     *
     * @throws IllegalStateException when the folder or a plugin cannot be loaded, a name is malformed or taken twice
     */
    public static HandlerRegistry load(Path pluginsDirOrNull, List<? extends BotHandler> given) {
        List<PluginLoader.Plugin> all = new ArrayList<>(builtIns());
        for (BotHandler h : given) {
            all.add(new PluginLoader.Plugin(h, "given " + h.getClass().getName()));
        }
        if (pluginsDirOrNull != null) {
            all.addAll(PluginLoader.load(pluginsDirOrNull));
        }
        return of(all);
    }

    /**
     * The built-ins plus {@code extra} handlers given directly, under the same rules as plugins; for embedding and
     * tests, where writing a jar would be a detour.
     *
     * @throws IllegalStateException when a name is malformed or taken twice
     */
    public static HandlerRegistry withHandlers(List<? extends BotHandler> extra) {
        return load(null, extra);
    }

    private static List<PluginLoader.Plugin> builtIns() {
        return List.of(builtIn(new EchoHandler()), builtIn(new RulesHandler()), builtIn(new WebhookHandler()));
    }

    private static PluginLoader.Plugin builtIn(BotHandler h) {
        return new PluginLoader.Plugin(h, "built-in (" + h.getClass().getName() + ")");
    }

    private static HandlerRegistry of(List<PluginLoader.Plugin> all) {
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
        return new HandlerRegistry(handlers);
    }

    /** The handler called {@code name}, if this node has it. */
    public Optional<BotHandler> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(handlers.get(name));
    }

    /** Every handler name, sorted. */
    /**
     * The metric label of a handler name: the name if it is installed here, else {@code unknown} (a stored bot may
     * name a handler this node lacks; labels stay a closed set).
     */
    public String kindOf(String name) {
        return names.contains(name) ? name : "unknown";
    }

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
        BotHandler handler = find(name).orElseThrow(() -> new UnknownHandlerException(name, names));
        String text = settings == null ? "" : settings;
        return cache.get(name, text, () -> handler.configure(text));
    }
}
