package io.botgrid.bots.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.bots.BotHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

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
        Path src = workDir.resolve("src-" + jarName);
        Path classes = workDir.resolve("classes-" + jarName);
        Path file = src.resolve(pkg.replace('.', '/')).resolve(className + ".java");
        Files.createDirectories(file.getParent());
        Files.createDirectories(classes);
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests need a JDK").isNotNull();
        int rc = javac.run(null, null, null, "-proc:none", "--release", "17", "-classpath", spiClasses(),
                "-d", classes.toString(), file.toString());
        assertThat(rc).as("plugin source compiles").isZero();

        Files.createDirectories(pluginsDir);
        Path jar = pluginsDir.resolve(jarName);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path c : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + BotHandler.class.getName()));
            writeLines(out, List.of("# a comment, as allowed", pkg + "." + className));
            out.closeEntry();
        }
        return jar;
    }

    private static void writeLines(OutputStream out, List<String> lines) throws IOException {
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Where the SPI classes were loaded from (the {@code botgrid-spi} jar or its classes folder): all a plugin compiles
     * against. Checked to be a different location from the node's classes, so the plugin cannot see them.
     */
    private static String spiClasses() {
        Path spi = codeSource(BotHandler.class);
        assertThat(spi).as("the SPI is its own artifact, apart from the node")
                .isNotEqualTo(codeSource(HandlerRegistry.class));
        return spi.toString();
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
