package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.BotHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds user handlers in the jars of the plugins folder, through {@link ServiceLoader}: one class loader over all
 * the jars (their parent is Botgrid's, so they see the SPI and Botgrid's libraries), each jar naming its handlers in
 * {@code META-INF/services/io.botgrid.bots.BotHandler}. A jar that cannot be loaded stops the node at start, with
 * the jar named, rather than leaving its bots failing later.
 */
public final class PluginLoader {
    private PluginLoader() {
    }

    /** The handlers of the jars in {@code folder}; none if the folder is null. */
    public static List<BotHandler> load(Path folder) {
        if (folder == null) {
            return List.of();
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("pluginsDir " + folder + " is not a folder");
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("plugin jar path is not a URL: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("pluginsDir " + folder + " cannot be listed", e);
        }
        if (jars.isEmpty()) {
            return List.of();
        }
        ClassLoader loader = new URLClassLoader("botgrid-plugins", jars.toArray(URL[]::new),
                PluginLoader.class.getClassLoader());
        List<BotHandler> found = new ArrayList<>();
        try {
            for (BotHandler h : ServiceLoader.load(BotHandler.class, loader)) {
                found.add(h);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a bot handler plugin in " + folder + " cannot be loaded: "
                    + e.getMessage(), e);
        }
        return found;
    }
}
