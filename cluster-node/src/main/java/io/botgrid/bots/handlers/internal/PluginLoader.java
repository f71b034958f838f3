package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.util.PluginJars;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds handler plugins: the {@link BotHandler} providers of the jars of one folder, loaded by {@link PluginJars}
 * (one class loader over the folder's jars; providers only on Botgrid's own class path are ignored).
 */
public final class PluginLoader {
    private PluginLoader() {
    }

    /**
     * A handler and where it came from, for error messages.
     *
     * @param origin the jar and class, e.g. {@code acme.jar (com.acme.Handler)}
     */
    public record Plugin(BotHandler handler, String origin) {
    }

    /**
     * Loads the plugins of {@code folder}, jars in name order.
     *
     * @throws IllegalStateException when the folder cannot be read or a provider cannot be loaded
     */
    public static List<Plugin> load(Path folder) {
        return PluginJars.load(BotHandler.class, folder).stream()
                .map(p -> new Plugin(p.provider(), p.origin()))
                .toList();
    }
}
