package io.botgrid.bots.handlers;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.handlers.internal.EchoHandler;
import io.botgrid.bots.handlers.internal.PluginLoader;
import io.botgrid.bots.handlers.internal.RulesHandler;
import io.botgrid.bots.handlers.internal.WebhookHandler;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The handlers a node offers, by name: the built-ins and those of plugin jars. Bots are configured through it, and
 * configured handlers are cached by (name, settings), so a busy bot's settings are parsed once per node.
 */
public final class HandlerRegistry {
    private static final int CACHE_SIZE = 1024;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Map<String, BotHandler> handlers;
    private final Map<String, ConfiguredHandler> configured = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ConfiguredHandler> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    private HandlerRegistry(Map<String, BotHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /**
     * The built-in handlers ({@code echo}, {@code rules}, {@code webhook}, the last with {@code http} for its calls)
     * and those of the jars in {@code pluginsDir} (may be null).
     *
     * @throws IllegalStateException if a plugin cannot be loaded or two handlers have the same name
     */
    public static HandlerRegistry load(Path pluginsDir, HttpClient http, Executor executor, Clock clock) {
        Map<String, BotHandler> all = new TreeMap<>();
        List<BotHandler> handlers = new ArrayList<>(List.of(new EchoHandler(), new RulesHandler(),
                new WebhookHandler(http, executor, clock)));
        handlers.addAll(PluginLoader.load(pluginsDir));
        for (BotHandler h : handlers) {
            String name = h.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalStateException("bot handler " + h.getClass().getName() + " has an invalid name '"
                        + name + "': it must match " + NAME.pattern());
            }
            BotHandler before = all.put(name, h);
            if (before != null) {
                throw new IllegalStateException("two bot handlers are named '" + name + "': "
                        + before.getClass().getName() + " and " + h.getClass().getName());
            }
        }
        return new HandlerRegistry(all);
    }

    public Optional<BotHandler> find(String name) {
        return Optional.ofNullable(handlers.get(name));
    }

    public Set<String> names() {
        return new java.util.TreeSet<>(handlers.keySet());
    }

    /**
     * The handler {@code name} bound to {@code settings}.
     *
     * @throws UnknownHandlerException if there is no such handler
     * @throws io.botgrid.bots.InvalidHandlerSettingsException if the settings do not validate
     */
    public ConfiguredHandler configure(String name, String settings) {
        BotHandler handler = handlers.get(name);
        if (handler == null) {
            throw new UnknownHandlerException("unknown handler '" + name + "'; known: " + names());
        }
        String key = name + '\u0000' + settings;
        ConfiguredHandler c = configured.get(key);
        if (c == null) {
            c = handler.configure(settings);
            configured.put(key, c);
        }
        return c;
    }
}
