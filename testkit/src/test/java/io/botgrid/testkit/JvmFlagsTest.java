package io.botgrid.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM without Ignite's flags is told which ones to add before any node starts; one with them passes. */
class JvmFlagsTest {
    @Test
    void thisJvmStartedWithTheFlagsPasses() {
        assertThatCode(JvmFlags::requireInThisJvm).doesNotThrowAnyException();
    }

    @Test
    void aJvmWithoutTheFlagsFailsWithTheArgLineToPaste() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CheckMain.class.getName()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the check JVM ends").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(out).isEqualTo(3);
        assertThat(out).contains("missing opens:", "java.base/java.nio",
                "<argLine>--add-opens=java.base/jdk.internal.access=ALL-UNNAMED", "</argLine>");
    }

    /** Runs the check in a JVM started without flags; exit 3 and the message when it refuses. */
    public static final class CheckMain {
        public static void main(String[] args) {
            try {
                JvmFlags.requireInThisJvm();
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }
}
