package io.botgrid.bots.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.bots.BotHandler;
import io.botgrid.testkit.jars.TestJars;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds real plugin jars during a test: a handler source is compiled against the SPI module ({@code botgrid-spi})
 * alone and packed with its {@code META-INF/services} entry, exactly as a plugin author would ship it. Compiling with
 * nothing else on the classpath proves that the SPI needs no Ignite, gRPC or node class.
 */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * Compiles a handler {@code pkg.className} named {@code handlerName} into {@code pluginsDir/jarName}. Its
     * configured handler replies "{name}:{TEXT}{settings}", throws on "boom" and fails its future on "fail".
     */
    static Path build(Path workDir, Path pluginsDir, String jarName, String pkg, String className,
                      String handlerName) throws IOException {
        String source = """
                package %s;

                import io.botgrid.bots.BotHandler;
                import io.botgrid.bots.ConfiguredHandler;
                import io.botgrid.bots.HandlerResult;
                import java.util.concurrent.CompletableFuture;

                public class %s implements BotHandler {
                    @Override
                    public String name() {
                        return "%s";
                    }

                    @Override
                    public ConfiguredHandler configure(String settings) {
                        return request -> {
                            String text = request.message().text();
                            if (text.equals("boom")) {
                                throw new IllegalStateException("plugin exploded");
                            }
                            if (text.equals("fail")) {
                                return CompletableFuture.failedFuture(new IllegalStateException("plugin failed"));
                            }
                            return CompletableFuture.completedFuture(
                                    HandlerResult.reply(name() + ":" + text.toUpperCase() + settings));
                        };
                    }
                }
                """.formatted(pkg, className, handlerName);
        return TestJars.in(workDir.resolve("build-" + jarName)).classpath(spiClasses())
                .source(pkg + "." + className, source)
                .service(BotHandler.class, "# a comment, as allowed", pkg + "." + className)
                .writeTo(pluginsDir.resolve(jarName));
    }

    /**
     * Where the SPI classes were loaded from (the {@code botgrid-spi} jar or its classes folder): all a plugin compiles
     * against. Checked to be a different location from the node's classes, so the plugin cannot see them.
     */
    private static String spiClasses() {
        assertThat(TestJars.codeSource(BotHandler.class)).as("the SPI is its own artifact, apart from the node")
                .isNotEqualTo(TestJars.codeSource(HandlerRegistry.class));
        return TestJars.classpathOf(BotHandler.class);
    }
}
