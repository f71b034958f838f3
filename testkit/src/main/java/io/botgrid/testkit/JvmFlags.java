package io.botgrid.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags a node process needs: the single list in {@code config/jvm.args}, shipped inside the node jar, plus
 * the flag that only JDK 24 and later know. {@link NodeProcess} passes them to the JVMs it starts;
 * {@link #requireInThisJvm} checks the ones a test JVM needs before {@link TestCluster} starts Ignite in it, since
 * Ignite's own failure ({@code InaccessibleObjectException ... does not "opens java.nio"}) says nothing of the fix.
 */
public final class JvmFlags {
    private JvmFlags() {
    }

    /**
     * Fails fast, with the flags to add, when this JVM lacks an {@code --add-opens} flag Ignite needs.
     *
     * @throws IllegalStateException naming the missing packages and printing the surefire {@code argLine} to paste
     */
    public static void requireInThisJvm() {
        List<String> missing = new ArrayList<>();
        Module unnamed = JvmFlags.class.getClassLoader().getUnnamedModule();
        for (String flag : forNode()) {
            if (!flag.startsWith("--add-opens=")) {
                continue;
            }
            String target = flag.substring("--add-opens=".length());
            int slash = target.indexOf('/');
            int equals = target.indexOf('=');
            if (slash < 0 || equals < slash) {
                continue;
            }
            String module = target.substring(0, slash);
            String pkg = target.substring(slash + 1, equals);
            boolean open = ModuleLayer.boot().findModule(module).map(m -> m.isOpen(pkg, unnamed)).orElse(true);
            if (!open) {
                missing.add(module + "/" + pkg);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Ignite needs JVM flags this JVM was started without (missing opens: "
                    + String.join(", ", missing) + "). Start the JVM with these flags; for Maven tests put them in "
                    + "the surefire plugin's configuration:\n<argLine>" + String.join(" ", forNode())
                    + "</argLine>\n(docs/java-developers.md shows the whole pom)");
        }
    }

    public static List<String> forNode() {
        List<String> flags = new ArrayList<>();
        try (InputStream in = JvmFlags.class.getResourceAsStream("/io/botgrid/jvm.args")) {
            if (in == null) {
                throw new IllegalStateException("io/botgrid/jvm.args is not on the classpath");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String flag = line.strip();
                if (!flag.isEmpty() && !flag.startsWith("#")) {
                    flags.add(flag);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Runtime.version().feature() >= 24) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        return flags;
    }
}
