package io.botgrid.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds plugins of one SPI type in a folder: every {@code *.jar} of the folder goes into a single class loader
 * (parent: the SPI's, so plugins share the SPI classes and may share libraries with each other) and the providers of
 * the type declared in those jars ({@code META-INF/services/<type>}) are instantiated. Providers visible only through
 * the parent (Botgrid's own class path) are ignored: what a node runs is exactly its built-ins plus its plugins
 * folder. Shared by bot handlers and worker functions, so both load plugins the same way.
 */
public final class PluginJars {
    private PluginJars() {
    }

    /**
     * A provider and where it came from, for error messages.
     *
     * @param origin the jar and class, e.g. {@code acme.jar (com.acme.Handler)}
     */
    public record Plugin<T>(T provider, String origin) {
    }

    /**
     * Loads the providers of {@code type} in the jars of {@code folder}, jars in name order.
     *
     * @throws IllegalStateException when the folder cannot be read or a provider cannot be loaded
     */
    public static <T> List<Plugin<T>> load(Class<T> type, Path folder) {
        return load(type, folder, "a " + type.getSimpleName());
    }

    /**
     * As {@link #load(Class, Path)}, naming the plugins {@code what} in errors, e.g. {@code "an actor type"} gives
     * "cannot load an actor type plugin from …".
     */
    public static <T> List<Plugin<T>> load(Class<T> type, Path folder, String what) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("plugins folder " + folder + " is not a directory");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list plugins folder " + folder, new UncheckedIOException(e));
        }
        if (jars.isEmpty()) {
            return List.of();
        }
        URLClassLoader loader = new URLClassLoader("botgrid-plugins", urls(jars), type.getClassLoader());
        List<Plugin<T>> plugins = new ArrayList<>();
        try {
            ServiceLoader.load(type, loader).stream()
                    .filter(provider -> provider.type().getClassLoader() == loader)
                    .forEach(provider -> plugins.add(new Plugin<>(provider.get(), origin(provider.type()))));
        } catch (ServiceConfigurationError | RuntimeException e) {
            try {
                loader.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw new IllegalStateException("cannot load " + what + " plugin from " + folder + ": " + e.getMessage(),
                    e);
        }
        if (plugins.isEmpty()) {
            try {
                loader.close();
            } catch (IOException e) {
                throw new IllegalStateException("cannot close the plugins class loader of " + folder, e);
            }
        }
        return plugins;
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("bad plugin path " + jars.get(i), e);
            }
        }
        return urls;
    }

    private static String origin(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        String where = source == null || source.getLocation() == null ? "unknown jar" : source.getLocation().getPath();
        return where + " (" + type.getName() + ")";
    }
}
