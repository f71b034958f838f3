package io.botgrid.bots.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.IncomingText;
import io.botgrid.bots.SessionView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User handlers from jars built here, at test time, and loaded from a plugins folder as a node would. */
class PluginHandlerTest {
    @TempDir
    Path dir;

    /** Compiles one handler class named {@code name} whose reply is {@code body} and jars it into the plugins folder. */
    private Path pluginJar(String jarName, String className, String handlerName, String onMessageBody)
            throws IOException {
        Path src = dir.resolve("src-" + jarName);
        Path classes = dir.resolve("classes-" + jarName);
        Files.createDirectories(src.resolve("example"));
        Files.createDirectories(classes);
        Path source = src.resolve("example/" + className + ".java");
        Files.writeString(source, """
                package example;

                import io.botgrid.bots.*;
                import java.util.concurrent.*;

                public class %s implements BotHandler {
                    public String name() { return "%s"; }
                    public ConfiguredHandler configure(String settings) {
                        return request -> { %s };
                    }
                }
                """.formatted(className, handlerName, onMessageBody));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertThat(rc).as("plugin compiles").isZero();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = plugins.resolve(jarName + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.botgrid.bots.BotHandler"));
            OutputStream o = out;
            o.write(("example." + className + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return plugins;
    }

    private static CompletionStage<HandlerResult> ask(HandlerRegistry registry, String handler, String text) {
        return registry.configure(handler, "").onMessage(new HandlerRequest("b",
                new SessionView("grpc", "t", "c", "u", "", Map.of(), List.of()),
                new IncomingText("m", "u", text, Instant.EPOCH)));
    }

    private static HandlerRegistry load(Path plugins) {
        return HandlerRegistry.load(plugins, HttpClient.newHttpClient(), Runnable::run, Clock.systemUTC());
    }

    @Test
    void aPluginHandlerIsFoundByNameAndAnswers() throws IOException {
        Path plugins = pluginJar("shout", "Shout", "shout",
                "return CompletableFuture.completedFuture(HandlerResult.reply(request.message().text()"
                        + ".toUpperCase()));");
        HandlerRegistry registry = load(plugins);
        assertThat(registry.names()).contains("shout", "echo", "rules", "webhook");
        assertThat(ask(registry, "shout", "hey").toCompletableFuture().join().replies()).containsExactly("HEY");
    }

    @Test
    void aThrowingPluginFailsItsMessageOnly() throws IOException {
        Path plugins = pluginJar("broken", "Broken", "broken", "throw new IllegalStateException(\"plugin bug\");");
        HandlerRegistry registry = load(plugins);
        assertThatThrownBy(() -> ask(registry, "broken", "x")).hasMessageContaining("plugin bug");
        assertThat(ask(registry, "echo", "still fine").toCompletableFuture().join().replies())
                .containsExactly("still fine");
    }

    @Test
    void aPluginCannotTakeABuiltInName() throws IOException {
        Path plugins = pluginJar("fake-echo", "FakeEcho", "echo", "return null;");
        assertThatThrownBy(() -> load(plugins)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two bot handlers are named 'echo'").hasMessageContaining("example.FakeEcho");
    }
}
