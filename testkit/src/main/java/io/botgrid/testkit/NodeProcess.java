package io.botgrid.testkit;

import io.botgrid.actor.ActorTypes;
import io.botgrid.node.NodeConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Botgrid node in a JVM of its own on 127.0.0.1, for tests that must kill a process for real ({@code kill -9}).
 * The child runs {@link NodeProcessMain} with this JVM's classpath and the node JVM flags; it registers the actor
 * types made by a {@code Supplier<ActorTypes>} class named on its command line. It takes from the configuration the
 * name, data folder, ports, seeds, timeouts, region, zone, zones and backups; the rest are the kit's defaults.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final String name;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Path log;

    private NodeProcess(Process process, String name, Path log) {
        this.process = process;
        this.name = name;
        this.log = log;
    }

    /**
     * Starts a node process with the given configuration. Returns once the process is launched; see
     * {@link #awaitReady}.
     */
    public static NodeProcess start(NodeConfig config, Class<? extends Supplier<ActorTypes>> types) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmFlags.forNode());
        cmd.add("-Xmx768m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NodeProcessMain.class.getName());
        cmd.add(types.getName());
        cmd.add(config.nodeName());
        cmd.add(config.dataDir().toAbsolutePath().toString());
        cmd.add(String.valueOf(config.discoveryPort()));
        cmd.add(String.valueOf(config.communicationPort()));
        cmd.add(String.valueOf(config.portRange()));
        cmd.add(String.join(",", config.seeds()));
        cmd.add(String.valueOf(config.failureDetectionTimeout().toMillis()));
        cmd.add(String.valueOf(config.baselineAutoAdjust().toMillis()));
        cmd.add(config.region());
        cmd.add(config.zone());
        cmd.add(String.valueOf(config.zoneAwareBackups()));
        cmd.add(String.join(",", config.zones()));
        cmd.add(String.valueOf(config.backups()));
        Path log = config.dataDir().toAbsolutePath().resolveSibling(config.nodeName() + ".log");
        try {
            log.getParent().toFile().mkdirs();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            NodeProcess node = new NodeProcess(p, config.nodeName(), log);
            node.pumpOutput();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node process " + config.nodeName(), e);
        }
    }

    private void pumpOutput() {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                 var out = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.startsWith(NodeProcessMain.READY)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process died; readiness below reports it
            }
            ready.completeExceptionally(new IllegalStateException("node process " + name + " exited with "
                    + (process.isAlive() ? "?" : process.exitValue()) + "; see " + log));
        }, "node-process-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Waits until the node in the process is ready to take calls. */
    public NodeProcess awaitReady(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("node process " + name + " not ready within " + timeout + "; see "
                    + log, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the process dies at once, with no shutdown hook and no goodbye to the cluster. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM: the node stops gracefully through its shutdown hook. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill9();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill9();
        }
    }
}
