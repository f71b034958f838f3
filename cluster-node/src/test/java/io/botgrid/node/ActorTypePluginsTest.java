package io.botgrid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.actor.ActorTypeProvider;
import io.botgrid.actor.ActorTypes;
import io.botgrid.node.internal.ActorTypePlugins;
import io.botgrid.samples.CounterBehavior;
import io.botgrid.testkit.jars.TestJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actor types packaged as a plugin jar (compiled here, at test time, with its {@code META-INF/services} entry, as a
 * user would ship it) are registered from the plugins folder; clashes and broken providers stop the load with a
 * message naming the type or the jar.
 */
class ActorTypePluginsTest {
    @TempDir
    Path work;

    @Test
    void providerInAPluginJarRegistersItsTypes() throws IOException {
        Path plugins = work.resolve("plugins");
        jar(plugins, "tally.jar", "com.acme.TallyTypes", """
                package com.acme;
                public class TallyTypes implements io.botgrid.actor.ActorTypeProvider {
                    @Override
                    public void register(io.botgrid.actor.ActorTypes.Builder types) {
                        types.register("tally", new io.botgrid.samples.CounterBehavior());
                    }
                }
                """);
        Files.writeString(plugins.resolve("notes.txt"), "not a jar, ignored");
        ActorTypes.Builder types = ActorTypes.builder().register(CounterBehavior.TYPE, new CounterBehavior());

        assertThat(ActorTypePlugins.registerAll(plugins, types)).isEqualTo(1);

        assertThat(types.build().names()).containsExactlyInAnyOrder("counter", "tally");
    }

    @Test
    void aTypeNameTakenAlreadyStopsTheLoadNamingTypeAndJar() throws IOException {
        Path plugins = work.resolve("plugins");
        jar(plugins, "clash.jar", "com.acme.ClashTypes", """
                package com.acme;
                public class ClashTypes implements io.botgrid.actor.ActorTypeProvider {
                    @Override
                    public void register(io.botgrid.actor.ActorTypes.Builder types) {
                        types.register("counter", new io.botgrid.samples.CounterBehavior());
                    }
                }
                """);
        ActorTypes.Builder types = ActorTypes.builder().register(CounterBehavior.TYPE, new CounterBehavior());

        assertThatThrownBy(() -> ActorTypePlugins.registerAll(plugins, types))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clash.jar (com.acme.ClashTypes)")
                .hasMessageContaining("actor type 'counter' is already registered");
    }

    @Test
    void aProviderWithoutPublicConstructorStopsTheLoad() throws IOException {
        Path plugins = work.resolve("plugins");
        jar(plugins, "broken.jar", "com.acme.Broken", """
                package com.acme;
                public class Broken implements io.botgrid.actor.ActorTypeProvider {
                    private Broken() {
                    }
                    @Override
                    public void register(io.botgrid.actor.ActorTypes.Builder types) {
                    }
                }
                """);

        assertThatThrownBy(() -> ActorTypePlugins.registerAll(plugins, ActorTypes.builder()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot load an actor type plugin from " + plugins);
    }

    @Test
    void aFolderThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> ActorTypePlugins.registerAll(work.resolve("missing"), ActorTypes.builder()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not a directory");
    }

    /** Compiles one class against the test's class path and packs it with its service entry. */
    private static void jar(Path plugins, String jarName, String className, String source) throws IOException {
        TestJars.in(plugins.resolveSibling("build-" + jarName)).source(className, source)
                .service(ActorTypeProvider.class, className).writeTo(plugins.resolve(jarName));
    }
}
