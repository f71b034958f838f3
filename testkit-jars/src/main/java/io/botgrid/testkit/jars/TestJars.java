package io.botgrid.testkit.jars;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar during a test, as a plugin author would ship it: Java sources compiled with the JDK's compiler
 * and packed, with a manifest, their {@code META-INF/services} files and any other resources. No binary jar need be
 * kept in a repository, and compiling against a chosen class path (the SPI alone, say) proves what a plugin needs.
 *
 * <pre>{@code
 * byte[] jar = TestJars.in(tempDir)
 *         .classpath(TestJars.classpathOf(BotHandler.class))
 *         .source("com.acme.Shout", source)
 *         .service(BotHandler.class, "com.acme.Shout")
 *         .toBytes();
 * }</pre>
 *
 * <p>Not thread-safe; one builder a jar.
 */
public final class TestJars {
    private final Path workDir;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    private String classpath = testClasspath();

    private TestJars(Path workDir) {
        this.workDir = workDir;
    }

    /** A builder that compiles in a new folder below {@code workDir} (a test's temporary folder). */
    public static TestJars in(Path workDir) {
        return new TestJars(workDir);
    }

    /** The running test's class path: what the sources compile against unless {@link #classpath} says otherwise. */
    public static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    /** The class path of the jars or class folders the given classes were loaded from, in that order. */
    public static String classpathOf(Class<?>... types) {
        return Arrays.stream(types).map(TestJars::codeSource).map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Where {@code type} was loaded from: its jar or its class folder. */
    public static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the code source of " + type.getName() + " is not a path", e);
        }
    }

    /** Compiles against {@code path} instead of the test's class path. */
    public TestJars classpath(String path) {
        this.classpath = path;
        return this;
    }

    /** Adds the source of the top-level class {@code className} (a binary name, such as {@code com.acme.Shout}). */
    public TestJars source(String className, String source) {
        sources.put(className, source);
        return this;
    }

    /** Adds {@code META-INF/services/<service>} with the given lines (class names, or comments). */
    public TestJars service(Class<?> service, String... lines) {
        return service(service.getName(), lines);
    }

    /** As {@link #service(Class, String...)}, for a service named by its binary name. */
    public TestJars service(String service, String... lines) {
        return resource("META-INF/services/" + service,
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Adds an entry {@code name} with these bytes. */
    public TestJars resource(String name, byte[] bytes) {
        resources.put(name, bytes.clone());
        return this;
    }

    /** The jar's bytes. */
    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes);
        return bytes.toByteArray();
    }

    /** Writes the jar to {@code jar}, creating its folder if need be, and returns {@code jar}. */
    public Path writeTo(Path jar) throws IOException {
        Path parent = jar.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(jar)) {
            write(out);
        }
        return jar;
    }

    private void write(OutputStream target) throws IOException {
        Path classes = compile();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(target, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path c : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
                out.putNextEntry(new JarEntry(resource.getKey()));
                out.write(resource.getValue());
                out.closeEntry();
            }
        }
    }

    /** Compiles the sources into a new class folder; an empty one when there are none. */
    private Path compile() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "jar-");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        if (sources.isEmpty()) {
            return classes;
        }
        List<String> args = new ArrayList<>(List.of("-proc:none", "--release", "17", "-classpath", classpath,
                "-d", classes.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = dir.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("tests need a JDK: this runtime has no Java compiler");
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("the sources " + sources.keySet() + " do not compile (javac exit " + rc
                    + "):\n" + diagnostics.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }
}
