package io.botgrid.node.internal;

import io.botgrid.actor.ActorTypeProvider;
import io.botgrid.actor.ActorTypes;
import io.botgrid.util.PluginJars;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads {@link ActorTypeProvider}s from the jars of a node's plugins folder, the same folder and the same rules as bot
 * handler plugins: every {@code *.jar} in name order goes into one class loader whose parent is Botgrid's, and only
 * providers defined by that loader count (a provider on Botgrid's own class path is not a plugin). Loading is
 * {@link PluginJars}', shared with handler and worker function plugins; the loader stays open for the life of the
 * JVM: the types' classes are used for as long as the node runs.
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
        List<PluginJars.Plugin<ActorTypeProvider>> plugins = PluginJars.load(ActorTypeProvider.class, folder,
                "an actor type");
        for (PluginJars.Plugin<ActorTypeProvider> plugin : plugins) {
            try {
                plugin.provider().register(types);
            } catch (RuntimeException e) {
                throw new IllegalStateException("actor type plugin " + plugin.origin() + " failed to register: "
                        + e.getMessage(), e);
            }
        }
        return plugins.size();
    }
}
