package io.botgrid.it.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Where the repository's {@code ops/} files are, and running the Prometheus tools installed on the machine. */
final class OpsFiles {
    private OpsFiles() {
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("ops"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no ops/ folder above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static Path ops(String relative) {
        return repoRoot().resolve("ops").resolve(relative);
    }

    /** Files under {@code ops/<dir>} whose names end with {@code suffix}, sorted. */
    static List<Path> list(String dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(ops(dir))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** An executable of that name on the PATH, if any. */
    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Output and exit code of a finished command. */
    record Run(int exit, String output) {
    }

    /** Runs a command in {@code dir} to its end (bounded), its stderr merged into its output. */
    static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 60 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }
}
