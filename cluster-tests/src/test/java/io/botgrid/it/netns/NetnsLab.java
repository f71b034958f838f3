package io.botgrid.it.netns;

import io.botgrid.testkit.JvmFlags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A private network on this machine for split tests: one network namespace per node, each joined to one bridge by a
 * veth pair, addresses from a /24 of 10.0.0.0/8 that no route of the host uses yet, and the host's end of the bridge
 * addressed too, so the test's client on the host reaches every node. Links between nodes are cut with {@code nft}
 * drop rules inside the nodes' namespaces (between node addresses only: the host keeps reaching everyone).
 *
 * <p>Every name carries a random tag, so two runs never collide. {@link #close} (also run by a JVM shutdown hook)
 * kills the node JVMs, deletes the namespaces (with their nft tables) and the bridge.
 */
final class NetnsLab implements AutoCloseable {
    /** Exit code with which a node asks its launcher to start it again (the launcher's rejoin code). */
    static final int REJOIN_EXIT = 75;

    private final String tag;
    private final String subnet;
    private final Path workDir;
    private final List<String> namespaces = new ArrayList<>();
    private final Map<Integer, NodeJvm> nodes = new ConcurrentHashMap<>();
    private final Thread hook = new Thread(this::cleanUp, "netns-lab-cleanup");
    private volatile boolean closed;

    private NetnsLab(String tag, String subnet, Path workDir) {
        this.tag = tag;
        this.subnet = subnet;
        this.workDir = workDir;
    }

    /** Why namespaces cannot be made here, or empty if they can (root, iproute2 and nft working). */
    static Optional<String> unavailableReason() {
        try {
            Result id = run(List.of("id", "-u"));
            if (!id.out().strip().equals("0")) {
                return Optional.of("not root (uid " + id.out().strip() + "): network namespaces need root");
            }
            String probe = "bgprobe" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
            Result add = run(List.of("ip", "netns", "add", probe));
            if (add.code() != 0) {
                return Optional.of("`ip netns add` fails: " + add.out().strip());
            }
            try {
                Result nft = run(List.of("ip", "netns", "exec", probe, "nft", "add", "table", "inet", "probe"));
                if (nft.code() != 0) {
                    return Optional.of("`nft` does not work in a namespace: " + nft.out().strip());
                }
            } finally {
                run(List.of("ip", "netns", "del", probe));
            }
            return Optional.empty();
        } catch (UncheckedIOException e) {
            return Optional.of("cannot run iproute2/nft: " + e.getCause().getMessage());
        }
    }

    /** Makes the bridge and {@code count} namespaces (nodes 1..count), each with its address. */
    static NetnsLab create(int count, Path workDir) {
        String tag = "bg" + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xefff));
        String routes = run(List.of("ip", "-4", "route")).out() + run(List.of("ip", "-4", "addr")).out();
        String subnet = null;
        for (int attempt = 0; attempt < 200 && subnet == null; attempt++) {
            String candidate = "10." + (100 + ThreadLocalRandom.current().nextInt(150)) + "."
                    + ThreadLocalRandom.current().nextInt(256) + ".";
            if (!routes.contains(candidate) && !routes.contains(candidate.substring(0, candidate.indexOf('.', 3) + 1)
                    + "0.0/16") && !routes.contains("10.0.0.0/8")) {
                subnet = candidate;
            }
        }
        if (subnet == null) {
            throw new IllegalStateException("no free 10.x.y.0/24 on this host");
        }
        NetnsLab lab = new NetnsLab(tag, subnet, workDir);
        Runtime.getRuntime().addShutdownHook(lab.hook);
        try {
            must("ip", "link", "add", lab.bridge(), "type", "bridge");
            must("ip", "addr", "add", subnet + "254/24", "dev", lab.bridge());
            must("ip", "link", "set", lab.bridge(), "up");
            for (int i = 1; i <= count; i++) {
                lab.addNamespace(i);
            }
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Adds the namespace of node {@code i} to the bridge (for growing the network between phases). */
    void addNamespace(int i) {
        String ns = namespace(i);
        must("ip", "netns", "add", ns);
        namespaces.add(ns);
        must("ip", "-n", ns, "link", "set", "lo", "up");
        must("ip", "link", "add", tag + "h" + i, "type", "veth", "peer", "name", tag + "p" + i, "netns", ns);
        must("ip", "link", "set", tag + "h" + i, "master", bridge());
        must("ip", "link", "set", tag + "h" + i, "up");
        must("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", tag + "p" + i);
        must("ip", "-n", ns, "link", "set", tag + "p" + i, "up");
    }

    String bridge() {
        return tag + "br";
    }

    String namespace(int i) {
        return tag + "n" + i;
    }

    String address(int node) {
        return subnet + node;
    }

    /** Starts node {@code i}'s JVM in its namespace; a JVM that exits with {@link #REJOIN_EXIT} is started again. */
    NodeJvm startNode(int i, List<Integer> seedNodes, Duration failureDetection, Duration baselineAutoAdjust,
                      int grpcPort) {
        String seeds = seedNodes.stream().map(n -> address(n) + ":47500").collect(Collectors.joining(","));
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(i),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JvmFlags.forNode());
        cmd.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djava.net.preferIPv4Stack=true", "-Dbotgrid.test.ignite.exchange.level=INFO", "-cp", System.getProperty("java.class.path"),
                NetnsNodeMain.class.getName(), address(i), "node-" + i,
                workDir.resolve("node-" + i).toAbsolutePath().toString(), seeds,
                String.valueOf(failureDetection.toMillis()), String.valueOf(baselineAutoAdjust.toMillis()),
                String.valueOf(grpcPort)));
        NodeJvm node = new NodeJvm(i, cmd, workDir.resolve("node-" + i + ".log"));
        nodes.put(i, node);
        node.launch();
        return node;
    }

    NodeJvm node(int i) {
        return nodes.get(i);
    }

    /** Cuts every link between the two groups of nodes (both directions); the host still reaches all of them. */
    void split(List<Integer> sideA, List<Integer> sideB) {
        drop(sideA, sideB);
        drop(sideB, sideA);
    }

    private void drop(List<Integer> from, List<Integer> others) {
        String peers = others.stream().map(this::address).collect(Collectors.joining(", "));
        String rules = "table inet botgrid_split {\n"
                + "  chain in { type filter hook input priority 0; ip saddr { " + peers + " } drop; }\n"
                + "  chain out { type filter hook output priority 0; ip daddr { " + peers + " } drop; }\n"
                + "}\n";
        for (int n : from) {
            Result r = run(List.of("ip", "netns", "exec", namespace(n), "nft", "-f", "-"), rules);
            if (r.code() != 0) {
                throw new IllegalStateException("nft in " + namespace(n) + " failed: " + r.out());
            }
        }
    }

    /** Removes every drop rule. */
    void heal() {
        for (String ns : namespaces) {
            run(List.of("ip", "netns", "exec", ns, "nft", "delete", "table", "inet", "botgrid_split"));
        }
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook runs anyway
        }
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        nodes.values().forEach(NodeJvm::kill);
        for (String ns : namespaces) {
            run(List.of("ip", "netns", "del", ns));
        }
        run(List.of("ip", "link", "del", bridge()));
    }

    /** One node's JVM, started again by its monitor when it exits with {@link #REJOIN_EXIT}. */
    final class NodeJvm {
        private final int index;
        private final List<String> cmd;
        private final Path log;
        private volatile Process process;
        private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
        private volatile int restarts;
        private volatile boolean stopping;
        private volatile Duration restartDelay = Duration.ZERO;

        private NodeJvm(int index, List<String> cmd, Path log) {
            this.index = index;
            this.cmd = cmd;
            this.log = log;
        }

        private synchronized void launch() {
            if (stopping || closed) {
                return;
            }
            try {
                Files.createDirectories(log.getParent());
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                process = p;
                CompletableFuture<Void> r = ready.isDone() ? new CompletableFuture<>() : ready;
                ready = r;
                Thread pump = new Thread(() -> pump(p, r), "netns-node-" + index);
                pump.setDaemon(true);
                pump.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start node " + index, e);
            }
        }

        private void pump(Process p, CompletableFuture<Void> r) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                         java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.startsWith(NetnsNodeMain.READY)) {
                        r.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process is gone; handled below
            }
            int code;
            try {
                code = p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (code == REJOIN_EXIT && !stopping && !closed) {
                restarts++;
                try {
                    // A slow launcher (a loaded host, a restart back-off) is part of the scenario, not a wait.
                    Thread.sleep(restartDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                launch();
            } else {
                r.completeExceptionally(new IllegalStateException("node " + index + " exited with " + code
                        + "; see " + log));
            }
        }

        /** Makes the launcher wait {@code delay} before it starts the node again after it exited to rejoin. */
        void restartAfter(Duration delay) {
            restartDelay = delay;
        }

        /** Waits until the node (its current JVM) takes calls. */
        void awaitReady(Duration timeout) {
            try {
                ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("node " + index + " not ready within " + timeout + "; see " + log,
                        e);
            }
        }

        /** How many times the node asked to be started again (exit code {@link #REJOIN_EXIT}). */
        int restarts() {
            return restarts;
        }

        long pid() {
            return process.pid();
        }

        /**
         * The node's threads now, for a failure message: the whole dump goes to {@code node-N.threads} beside its log,
         * and the answer counts the threads that are in Botgrid's code by state, top frame and first Botgrid frame
         * (the 12 commonest, with threads blocked on a monitor elsewhere), so that a stalled node shows where it waits.
         */
        String threadSummary() {
            Process p = process;
            if (p == null || !p.isAlive()) {
                return "node-" + index + ": not running";
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            Path jcmd = Path.of(java).resolveSibling("jcmd");
            Result dump = run(List.of(jcmd.toString(), Long.toString(p.pid()), "Thread.print"));
            try {
                Files.writeString(log.resolveSibling("node-" + index + ".threads"), dump.out());
            } catch (IOException e) {
                // the summary below is enough
            }
            Map<String, Integer> counts = new TreeMap<>();
            for (String thread : dump.out().split("\n\n")) {
                String[] lines = thread.split("\n");
                String state = null;
                String top = null;
                String ours = null;
                for (String line : lines) {
                    String t = line.strip();
                    if (t.startsWith("java.lang.Thread.State: ")) {
                        state = t.substring("java.lang.Thread.State: ".length());
                    } else if (t.startsWith("at ")) {
                        if (top == null) {
                            top = t.substring(3);
                        }
                        if (ours == null && t.startsWith("at io.botgrid.")) {
                            ours = t.substring(3);
                        }
                    }
                }
                if (ours != null) {
                    counts.merge(state + " " + top + " <- " + ours, 1, Integer::sum);
                } else if (state != null && state.startsWith("BLOCKED")) {
                    counts.merge(state + " " + top + " (not in Botgrid code)", 1, Integer::sum);
                }
            }
            StringBuilder out = new StringBuilder("node-" + index + " threads in Botgrid code:");
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(12).forEach(e -> out.append("\n  ").append(e.getValue()).append(" x ").append(e.getKey()));
            return out.toString();
        }

        boolean alive() {
            return process.isAlive();
        }

        Path log() {
            return log;
        }

        void kill() {
            stopping = true;
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    record Result(int code, String out) {
    }

    private static void must(String... cmd) {
        Result r = run(List.of(cmd));
        if (r.code() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.code() + "): " + r.out());
        }
    }

    static Result run(List<String> cmd) {
        return run(cmd, null);
    }

    static Result run(List<String> cmd, String input) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
