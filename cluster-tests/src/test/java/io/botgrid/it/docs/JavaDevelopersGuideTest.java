package io.botgrid.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/java-developers.md true to the example project it shows: every code block that names its file is a
 * verbatim part of that file, and the example's pom has the JVM flags, protobuf version and Botgrid version of this
 * build. (The example itself is built and run against the installed artifacts by examples/shopping-cart/check.sh.)
 */
class JavaDevelopersGuideTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern BLOCK = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern FILE = Pattern.compile("^(?://|<!--) file: (\\S+)(?: -->)?\\n");

    private static String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative));
    }

    @Test
    void everyBlockNamingAFileIsAVerbatimPartOfIt() throws IOException {
        String guide = read("docs/java-developers.md");
        List<String> checked = new ArrayList<>();
        Matcher block = BLOCK.matcher(guide);
        while (block.find()) {
            Matcher file = FILE.matcher(block.group(1));
            if (!file.find()) {
                continue;
            }
            String body = block.group(1).substring(file.end());
            assertThat(read(file.group(1))).as("the block of docs/java-developers.md naming %s", file.group(1))
                    .contains(body);
            checked.add(file.group(1));
        }
        assertThat(checked).as("blocks checked").hasSizeGreaterThanOrEqualTo(10)
                .contains("examples/shopping-cart/pom.xml",
                        "examples/shopping-cart/src/main/java/com/example/cart/CartBehavior.java",
                        "examples/shopping-cart/src/test/java/com/example/cart/CartClusterTest.java");
    }

    @Test
    void theExamplePomHasTheFlagsAndVersionsOfThisBuild() throws IOException {
        String pom = read("examples/shopping-cart/pom.xml");
        String argLine = property(pom, "botgrid.jvm.args");
        for (String line : read("config/jvm.args").split("\n")) {
            String flag = line.strip();
            if (flag.startsWith("--add-opens=")) {
                assertThat(argLine.split(" ")).as("the example's argLine").contains(flag);
            }
        }
        String parent = read("pom.xml");
        assertThat(property(pom, "protobuf.version")).isEqualTo(property(parent, "protobuf.version"));
        Matcher version = Pattern.compile("<artifactId>botgrid-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(parent);
        assertThat(version.find()).isTrue();
        assertThat(property(pom, "botgrid.version")).isEqualTo(version.group(1));
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">")
                .matcher(pom);
        assertThat(m.find()).as("property %s", name).isTrue();
        return m.group(1);
    }
}
