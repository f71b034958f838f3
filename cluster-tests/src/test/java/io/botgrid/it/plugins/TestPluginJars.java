package io.botgrid.it.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.bots.BotHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

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
        return pack(work, pkg, "Upper", source, Map.of(
                "META-INF/services/io.botgrid.workers.spi.WorkerFunctionFactory", List.of(pkg + ".Upper")));
    }

    /** Compiles {@code source} (one class {@code pkg.Handler}) and packs it with the given service lines. */
    static byte[] jar(Path work, String pkg, String source, List<String> serviceLines) throws IOException {
        return pack(work, pkg, "Handler", source, Map.of("META-INF/services/" + BotHandler.class.getName(),
                serviceLines));
    }

    /** Compiles {@code source} (one top-level class {@code pkg.className}) and packs it with the service files. */
    private static byte[] pack(Path work, String pkg, String className, String source,
                               Map<String, List<String>> services) throws IOException {
        Path dir = Files.createTempDirectory(work, "plugin-");
        Path file = dir.resolve("src").resolve(pkg.replace('.', '/')).resolve(className + ".java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(file.getParent());
        Files.createDirectories(classes);
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests need a JDK").isNotNull();
        int rc = javac.run(null, null, null, "-proc:none", "--release", "17", "-classpath", spiClasses(),
                "-d", classes.toString(), file.toString());
        assertThat(rc).as("plugin source compiles").isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path c : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            for (Map.Entry<String, List<String>> service : services.entrySet()) {
                out.putNextEntry(new JarEntry(service.getKey()));
                out.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
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

    private static String spiClasses() {
        try {
            return Path.of(BotHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
