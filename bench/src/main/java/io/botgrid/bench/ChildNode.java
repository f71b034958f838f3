package io.botgrid.bench;

import io.botgrid.testkit.JvmFlags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark node (or W3's echo server) in a child JVM on this machine: same Java, same classpath, the node JVM
 * flags of {@code config/jvm.args}. Its output goes to a log file beside its data folder. It stops when its standard
 * input is closed, so it also ends if the driver dies.
 *
 * <p>{@value #NODE_JAVA_OPTS} adds JVM flags to every child (split at white space; {@code {name}} in a flag becomes
 * the child's name), e.g. {@code -XX:StartFlightRecording=settings=profile,filename=/tmp/jfr/{name}.jfr} to record a
 * CPU and allocation profile of each node (see docs/benchmarks.md, "Profiling the nodes").
 */
final class ChildNode implements AutoCloseable {
    /** Environment variable whose flags go to every child JVM. */
    static final String NODE_JAVA_OPTS = "BOTGRID_BENCH_NODE_JAVA_OPTS";

    private final Process process;
    private final String name;
    private final Path log;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile String readyLine;

    private ChildNode(Process process, String name, Path log) {
        this.process = process;
        this.name = name;
        this.log = log;
    }

    /** A node process; {@code extraArgs} go to {@link BenchNodeMain} after the configuration's arguments. */
    static ChildNode start(BenchNodeConfig config, String heap, List<String> extraArgs) {
        List<String> args = new ArrayList<>(config.toArgs());
        args.addAll(extraArgs);
        Path log = config.dataDir().toAbsolutePath().resolveSibling(config.name() + ".log");
        return launch(config.name(), log, heap, BenchNodeMain.class.getName(), args);
    }

    /**
     * Any main class of this classpath in a child JVM with the node flags, logging to {@code log}; it must print a
     * line starting with {@value BenchNodeMain#READY} when ready and stop when its standard input ends.
     */
    static ChildNode launch(String name, Path log, String heap, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmFlags.forNode());
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        cmd.add("-Dlogback.configurationFile=" + WorkloadDriver.LOGBACK_CONFIG);
        cmd.addAll(extraFlags(System.getenv(NODE_JAVA_OPTS), name));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            ChildNode child = new ChildNode(p, name, log);
            child.pumpOutput();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start process " + name, e);
        }
    }

    /** The flags of {@value #NODE_JAVA_OPTS} for the child {@code name}; none when the variable is unset. */
    static List<String> extraFlags(String opts, String name) {
        if (opts == null || opts.isBlank()) {
            return List.of();
        }
        return Arrays.stream(opts.strip().split("\\s+")).map(f -> f.replace("{name}", name)).toList();
    }

    private void pumpOutput() {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                 Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                    if (line.startsWith(BenchNodeMain.READY) && !ready.isDone()) {
                        readyLine = line;
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process ended; readiness below reports it
            }
            ready.completeExceptionally(new IllegalStateException("node process " + name + " ended"));
        }, "bench-child-output-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Waits until the node in the process takes calls; on failure the message carries the end of its log. */
    void awaitReady(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("node process " + name + " ended before it was ready; the end of its "
                    + "log:\n" + logTail(40), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("node process " + name + " not ready within " + timeout
                    + "; the end of its log:\n" + logTail(40), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node process " + name, e);
        }
    }

    /** The gRPC port the process announced on its ready line ({@code grpcPort=<port>}); call after readiness. */
    int grpcPort() {
        return announced(BenchNodeMain.GRPC_PORT);
    }

    /** A number the process announced on its ready line as {@code key<number>} ({@code key} ends with '='). */
    int announced(String key) {
        String line = readyLine;
        if (line != null) {
            for (String part : line.split("\\s+")) {
                if (part.startsWith(key)) {
                    return Integer.parseInt(part.substring(key.length()));
                }
            }
        }
        throw new IllegalStateException("process " + name + " announced no " + key + " (ready line: " + line + ")");
    }

    /** The process's name, as given at launch. */
    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The process id, for signals ({@code SIGSTOP}, {@code SIGCONT}). */
    long pid() {
        return process.pid();
    }

    /** Waits up to {@code timeout} for the process to end; its exit code, or -1 if it still runs. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue()
                : -1;
    }

    /** CPU time the process used so far, if the platform tells. */
    Optional<Duration> cpuTime() {
        return process.toHandle().info().totalCpuDuration();
    }

    /** The last lines of the node's log. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the process at once; for shutdown hooks and time-outs. */
    void kill() {
        process.destroyForcibly();
    }

    /** Graceful stop: close its input, wait; SIGTERM, wait; then SIGKILL. Never leaves the process running. */
    @Override
    public void close() {
        try {
            if (!process.isAlive()) {
                return;
            }
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already closed
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
