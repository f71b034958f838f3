package io.botgrid.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags a node process needs: the single list in {@code config/jvm.args}, shipped inside the node jar, plus
 * the flag that only JDK 24 and later know.
 */
public final class JvmFlags {
    private JvmFlags() {
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
