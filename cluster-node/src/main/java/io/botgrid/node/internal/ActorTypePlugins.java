package io.botgrid.node.internal;

import io.botgrid.actor.ActorTypeProvider;
import io.botgrid.actor.ActorTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Loads {@link ActorTypeProvider}s from the jars of a node's plugins folder, the same folder and the same rules as bot
 * handler plugins: every {@code *.jar} in name order goes into one class loader whose parent is Botgrid's, and only
 * providers defined by that loader count (a provider on Botgrid's own class path is not a plugin). The loader stays
 * open for the life of the JVM: the types' classes are used for as long as the node runs.
 */
public final class ActorTypePlugins {
    private ActorTypePlugins() {
    }

    /**
     * Registers the types of every provider in {@code folder} into {@code types}.
     *
     * @return the number of providers found
     * @throws IllegalStateException when the folder cannot be read, a provider cannot be loaded or instantiated, or it
     *                               registers a type that is already registered (the message names the jar)
     */
    public static int registerAll(Path folder, ActorTypes.Builder types) {
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
            return 0;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("bad plugin path " + jars.get(i), e);
            }
        }
        URLClassLoader loader = new URLClassLoader("botgrid-actor-plugins", urls,
                ActorTypeProvider.class.getClassLoader());
        int found = 0;
        try {
            for (ServiceLoader.Provider<ActorTypeProvider> provider
                    : ServiceLoader.load(ActorTypeProvider.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader).toList()) {
                String origin = origin(provider.type());
                try {
                    provider.get().register(types);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("actor type plugin " + origin + " failed to register: "
                            + e.getMessage(), e);
                }
                found++;
            }
        } catch (ServiceConfigurationError e) {
            closeQuietly(loader, e);
            throw new IllegalStateException("cannot load an actor type plugin from " + folder + ": " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            closeQuietly(loader, e);
            throw e;
        }
        if (found == 0) {
            closeQuietly(loader, null);
        }
        return found;
    }

    private static void closeQuietly(URLClassLoader loader, Throwable failure) {
        try {
            loader.close();
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private static String origin(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        String where = source == null || source.getLocation() == null ? "unknown jar" : source.getLocation().getPath();
        return where + " (" + type.getName() + ")";
    }
}
