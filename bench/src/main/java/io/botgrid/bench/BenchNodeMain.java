package io.botgrid.bench;

import io.botgrid.node.BotgridNode;
import io.botgrid.util.CommonPool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Main class of a benchmark node in a JVM of its own: starts one node with the benchmark types, prints
 * {@value #READY} (with the node's name and {@code grpcPort=<port>}, the port its gRPC front bound) once it takes
 * calls, and stops when its standard input ends (the driver closed it, or died) or on SIGTERM. Arguments are those of
 * {@link BenchNodeConfig#toArgs()}, plus optionally {@value #AWAIT_NODES}{@code N}: then the node reports ready only
 * once the cluster has {@code N} nodes in its baseline with partitions in place (for clusters where no node runs in
 * the driver's JVM to check that).
 */
public final class BenchNodeMain {
    static final String READY = "BOTGRID-BENCH-NODE-READY";
    static final String GRPC_PORT = "grpcPort=";
    static final String AWAIT_NODES = "awaitNodes=";

    private BenchNodeMain() {
    }

    public static void main(String[] args) {
        int awaitNodes = 0;
        List<String> configArgs = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith(AWAIT_NODES)) {
                awaitNodes = Integer.parseInt(a.substring(AWAIT_NODES.length()));
            } else {
                configArgs.add(a);
            }
        }
        int nodes = awaitNodes;
        BenchNodeConfig config = BenchNodeConfig.fromArgs(configArgs.toArray(String[]::new));
        runChild(() -> BotgridNode.builder().config(config.toNodeConfig()).actorTypes(BenchTypes.create()).start(),
                node -> {
                    if (nodes > 0) {
                        awaitStable(node, nodes, Duration.ofMinutes(1));
                    }
                    serveUntilEndOfInput(config.name(), node.grpcPort());
                });
    }

    /** Starts a bench node; may fail. */
    interface NodeStart {
        BotgridNode start() throws Exception;
    }

    /** What a child process does with its ready node until it is told to stop; may fail. */
    interface NodeServe {
        void serve(BotgridNode node) throws Exception;
    }

    /**
     * The life of a child node process, shared by every kind of bench node: the bench's logging unless one is given,
     * start, close at shutdown (SIGTERM) too, wait until ready, {@code serve}, then exit 0, or 1 with the stack trace
     * if anything failed (the driver reads the exit code and standard error).
     */
    static void runChild(NodeStart start, NodeServe serve) {
        CommonPool.ensurePool(); // as bin/botgrid's node does
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", WorkloadDriver.LOGBACK_CONFIG);
        }
        int code = 0;
        BotgridNode node = null;
        try {
            node = start.start();
            BotgridNode started = node;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "bench-node-stop"));
            node.awaitReady(Duration.ofMinutes(2));
            serve.serve(node);
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        } finally {
            if (node != null) {
                node.close();
            }
        }
        System.exit(code);
    }

    private static void awaitStable(BotgridNode node, int nodes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!BenchCluster.isStable(node.ignite(), nodes)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the cluster of " + nodes + " nodes did not settle within "
                        + timeout);
            }
            Thread.sleep(100);
        }
        Thread.sleep(500); // let the last partition map exchange messages settle, as BenchCluster.awaitStable does
    }

    /**
     * The child side of the protocol with {@link ChildNode}: reports ready (with the gRPC port) on standard output,
     * then blocks until standard input ends, which is how the driver says stop (and what happens if it dies).
     * {@code announced} ({@code key=value} each) follow on the ready line, for {@link ChildNode#announced}.
     */
    static void serveUntilEndOfInput(String name, int grpcPort, String... announced) {
        System.out.println(READY + " " + name + " " + GRPC_PORT + grpcPort
                + (announced.length == 0 ? "" : " " + String.join(" ", announced)));
        System.out.flush();
        byte[] buffer = new byte[256];
        try {
            while (System.in.read(buffer) >= 0) {
                // any input is ignored; end of input means stop
            }
        } catch (IOException e) {
            // the driver is gone: stop as well
        }
    }
}
