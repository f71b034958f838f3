package io.botgrid.it.plugins;

import io.botgrid.bots.BotHandler;
import io.botgrid.testkit.jars.TestJars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Builds real handler and worker function plugin jars during a test, as a plugin author would: the source is compiled against the SPI
 * module alone and packed with its {@code META-INF/services} entry. No binary jar is kept in the repository. Public
 * for the console's test, which uploads such a jar through a browser.
 */
public final class TestPluginJars {
    private TestPluginJars() {
    }

    /**
     * A handler class {@code pkg.Handler} whose configured handler replies {@code <tag>:<TEXT>}; with
     * {@code throwAtInit} its constructor throws {@code IllegalStateException("<tag> refuses to start")}.
     */
    public static byte[] handler(Path work, String pkg, String tag, boolean throwAtInit) throws IOException {
        String source = """
                package %s;

                import io.botgrid.bots.BotHandler;
                import io.botgrid.bots.ConfiguredHandler;
                import io.botgrid.bots.HandlerResult;
                import java.util.concurrent.CompletableFuture;

                public class Handler implements BotHandler {
                    public Handler() {
                        if (%s) {
                            throw new IllegalStateException("%s refuses to start");
                        }
                    }

                    @Override
                    public String name() {
                        return "deployed";
                    }

                    @Override
                    public ConfiguredHandler configure(String settings) {
                        return request -> CompletableFuture.completedFuture(
                                HandlerResult.reply("%s:" + request.message().text().toUpperCase()));
                    }
                }
                """.formatted(pkg, throwAtInit, tag, tag);
        return jar(work, pkg, source, List.of(pkg + ".Handler"));
    }

    /**
     * A jar of worker functions only: {@code pkg.Upper}, a factory named {@code upper} whose instances answer
     * {@code <tag>:<TEXT>}, declared in {@code META-INF/services/io.botgrid.workers.spi.WorkerFunctionFactory}.
     */
    public static byte[] workerFunctions(Path work, String pkg, String tag) throws IOException {
        String source = """
                package %s;

                import io.botgrid.workers.spi.WorkerFunction;
                import io.botgrid.workers.spi.WorkerFunctionFactory;
                import io.botgrid.workers.spi.WorkerMessage;
                import java.util.List;
                import java.util.Map;

                public class Upper implements WorkerFunctionFactory {
                    @Override
                    public String name() {
                        return "upper";
                    }

                    @Override
                    public WorkerFunction create(Map<String, String> settings) {
                        return new WorkerFunction() {
                            @Override
                            public List<WorkerMessage> handle(WorkerMessage input) {
                                return List.of(WorkerMessage.of("%s:" + input.text().toUpperCase()));
                            }
                        };
                    }
                }
                """.formatted(pkg, tag);
        return TestJars.in(work).classpath(spiClasses()).source(pkg + ".Upper", source)
                .service("io.botgrid.workers.spi.WorkerFunctionFactory", pkg + ".Upper").toBytes();
    }

    /** Compiles {@code source} (one class {@code pkg.Handler}) and packs it with the given service lines. */
    static byte[] jar(Path work, String pkg, String source, List<String> serviceLines) throws IOException {
        return TestJars.in(work).classpath(spiClasses()).source(pkg + ".Handler", source)
                .service(BotHandler.class, serviceLines.toArray(String[]::new)).toBytes();
    }

    /** A jar with one class file entry and no service entry. */
    public static byte[] withoutService() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            out.putNextEntry(new JarEntry("README.txt"));
            out.write("no handler here".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** The SPI alone: what a plugin author compiles against. */
    private static String spiClasses() {
        return TestJars.classpathOf(BotHandler.class);
    }
}
