package io.botgrid.bots.handlers;

import static io.botgrid.bots.handlers.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars built at test time are found by name and run; clashes stop the load. */
class PluginLoadingTest {
    @TempDir
    Path work;

    private Path plugins() {
        return work.resolve("plugins");
    }

    @Test
    void pluginIsFoundByNameAndReplies() throws Exception {
        PluginJars.build(work, plugins(), "shout.jar", "com.acme", "ShoutHandler", "shout");
        Files.writeString(plugins().resolve("README.txt"), "not a jar, ignored");

        HandlerRegistry registry = HandlerRegistry.load(plugins());

        assertThat(registry.names()).containsExactly("echo", "llm", "rules", "shout", "webhook");
        assertThat(registry.find("shout")).get().extracting(h -> h.getClass().getName())
                .isEqualTo("com.acme.ShoutHandler");
        ConfiguredHandler bot = registry.configure("shout", "!");
        HandlerResult result = bot.onMessage(request("hello")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(HandlerResult.reply("shout:HELLO!"));
    }

    @Test
    void pluginClassesComeFromThePluginJarNotTheClassPath() throws Exception {
        PluginJars.build(work, plugins(), "shout.jar", "com.acme", "ShoutHandler", "shout");

        HandlerRegistry registry = HandlerRegistry.load(plugins());

        Class<?> type = registry.find("shout").orElseThrow().getClass();
        assertThat(type.getClassLoader()).isNotSameAs(getClass().getClassLoader());
        assertThat(type.getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith("/shout.jar");
    }

    @Test
    void failuresOfAPluginHandlerReachTheCallerUntouched() throws Exception {
        PluginJars.build(work, plugins(), "shout.jar", "com.acme", "ShoutHandler", "shout");
        ConfiguredHandler bot = HandlerRegistry.load(plugins()).configure("shout", "");

        ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                () -> bot.onMessage(request("fail")).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertThat(failed.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("plugin failed");

        assertThatThrownBy(() -> bot.onMessage(request("boom")))
                .as("a throwing handler is not wrapped by the registry; the session actor handles it")
                .isInstanceOf(IllegalStateException.class).hasMessage("plugin exploded");
    }

    @Test
    void pluginClaimingABuiltInNameFailsTheLoadNamingBoth() throws Exception {
        Path jar = PluginJars.build(work, plugins(), "fake-echo.jar", "com.acme", "FakeEcho", "echo");

        assertThatThrownBy(() -> HandlerRegistry.load(plugins()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("handler name 'echo' is taken twice")
                .hasMessageContaining("built-in (io.botgrid.bots.handlers.internal.EchoHandler)")
                .hasMessageContaining(jar.getFileName() + " (com.acme.FakeEcho)");
    }

    @Test
    void twoPluginsWithOneNameFailTheLoadNamingBothJars() throws Exception {
        PluginJars.build(work, plugins(), "a.jar", "com.a", "Shout", "shout");
        PluginJars.build(work, plugins(), "b.jar", "com.b", "Shout", "shout");

        assertThatThrownBy(() -> HandlerRegistry.load(plugins()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("handler name 'shout' is taken twice")
                .hasMessageContaining("a.jar (com.a.Shout)")
                .hasMessageContaining("b.jar (com.b.Shout)");
    }

    @Test
    void malformedPluginNameFailsTheLoad() throws Exception {
        PluginJars.build(work, plugins(), "bad.jar", "com.acme", "Bad", "Shout Loud");

        assertThatThrownBy(() -> HandlerRegistry.load(plugins()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad.jar (com.acme.Bad) has the name 'Shout Loud'");
    }

    @Test
    void emptyFolderGivesTheBuiltInsAndAMissingFolderIsAnError() throws Exception {
        Files.createDirectories(plugins());
        assertThat(HandlerRegistry.load(plugins()).names()).containsExactly("echo", "llm", "rules", "webhook");
        assertThatThrownBy(() -> HandlerRegistry.load(work.resolve("missing")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not a directory");
    }

    @Test
    void providerFileNamingAMissingClassFailsTheLoad() throws Exception {
        Files.createDirectories(plugins());
        Path jar = plugins().resolve("broken.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/io.botgrid.bots.BotHandler"));
            out.write("com.acme.Missing\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertThatThrownBy(() -> HandlerRegistry.load(plugins()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("com.acme.Missing");
    }
}
