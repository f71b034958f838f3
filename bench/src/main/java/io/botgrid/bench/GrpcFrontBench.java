package io.botgrid.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import io.botgrid.actor.internal.RuntimeSettings.TransportKind;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.NodeView;
import io.botgrid.node.NodeConfig.WalMode;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * W3, the gRPC front: W1 driven through the Java client SDK over gRPC from a separate process, and in the same run a
 * bare grpc-java unary echo with the same concurrency and payload, to compare with.
 *
 * <p>Both Botgrid nodes run in child JVMs, so the driver's JVM is only the client: a {@link BotgridClient} with both
 * nodes' endpoints. The echo server also runs in a child JVM ({@link EchoServerMain}) and the driver is its client.
 * Executors are set the same way on both sides: servers use {@code directExecutor()} (a Botgrid node's front is built
 * that way, and so is the echo server), clients a fixed pool of {@code clientThreads} threads as the channel executor
 * (the SDK's {@code threads(n)}, which also completes its futures; the echo client's channel gets a pool of the same
 * size). Netty's event loops are at their defaults everywhere. Completions reach the load loop's own thread with
 * {@code whenCompleteAsync(…, loopExecutor)} (SDK) or {@code loopExecutor.execute} (echo).
 */
final class GrpcFrontBench {
    /** Deadline of every call, SDK and echo alike; the SDK retries only UNAVAILABLE, within it (default policy). */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Path root;
    private final int keys;
    private final int concurrency;
    private final int eventBytes;
    private final Duration warmup;
    private final Duration measure;
    private final int dataRegionMb;
    private final int journalMaxInFlight;
    private final String nodeHeap;
    private final int clientThreads;
    private final Consumer<ChildNode> onChild;
    private ClosedLoop.Result lastRouting;

    GrpcFrontBench(Path root, int keys, int concurrency, int eventBytes, Duration warmup, Duration measure,
                   int dataRegionMb, int journalMaxInFlight, String nodeHeap, int clientThreads,
                   Consumer<ChildNode> onChild) {
        this.root = root;
        this.keys = keys;
        this.concurrency = concurrency;
        this.eventBytes = eventBytes;
        this.warmup = warmup;
        this.measure = measure;
        this.dataRegionMb = dataRegionMb;
        this.journalMaxInFlight = journalMaxInFlight;
        this.nodeHeap = nodeHeap;
        this.clientThreads = clientThreads;
        this.onChild = onChild;
    }

    // ------------------------------------------------------------------------------------------ Botgrid via the SDK

    /**
     * Starts two nodes in child JVMs (LOG_ONLY WAL, {@code transport}), then, through the SDK, first calls type
     * {@code w0} (W0: a reply and nothing persisted, so the front's own cost shows, figures under {@code name_w0}),
     * then type {@code w1} (W3 proper: W1's durable writes, figures under {@code name}); each primes every key once,
     * warms up, measures. Returns the W1 result; the cluster is stopped before this returns.
     */
    ClosedLoop.Result runBotgrid(String name, String label, TransportKind transport) throws TimeoutException {
        List<ChildNode> nodes = new ArrayList<>();
        try {
            int base = Ports.freeRange(2 * (BenchNodeConfig.PORT_RANGE + 1));
            int communication = base + BenchNodeConfig.PORT_RANGE + 1;
            for (int i = 1; i <= 2; i++) {
                BenchNodeConfig c = new BenchNodeConfig(label + "-" + i, root.resolve(label + "-" + i), base,
                        communication, WalMode.LOG_ONLY, transport, dataRegionMb, journalMaxInFlight, true);
                // The last node reports ready only once both are in the baseline with partitions in place.
                ChildNode child = ChildNode.start(c, nodeHeap,
                        i == 2 ? List.of(BenchNodeMain.AWAIT_NODES + 2) : List.of());
                nodes.add(child);
                onChild.accept(child);
                child.awaitReady(Duration.ofMinutes(2));
            }
            String[] endpoints = nodes.stream().map(n -> "127.0.0.1:" + n.grpcPort()).toArray(String[]::new);
            Figures.progress(name + ": nodes ready, gRPC endpoints " + String.join(", ", endpoints));
            try (BotgridClient client = BotgridClient.builder().endpoints(endpoints).defaultDeadline(DEADLINE)
                    .threads(clientThreads).build();
                 ClosedLoop loop = new ClosedLoop(label, concurrency)) {
                routeThroughSdk(name + "_w0", client, loop, nodes);
                ClosedLoop.Result r = callThroughSdk(name, client, loop, nodes);
                reportActors(name, client);
                return r;
            }
        } finally {
            Figures.progress("stopping the cluster");
            for (ChildNode n : nodes) {
                try {
                    n.close();
                } catch (RuntimeException e) {
                    n.kill();
                }
            }
        }
    }

    /**
     * What one SDK workload sends: the actor type, the command priming key {@code k}, the command measured for key
     * {@code k}, and the check of a reply (null if it is right, else the error).
     */
    private record SdkLoad(String type, IntFunction<Message> prime, IntFunction<Message> command,
                           BiFunction<Integer, Int64Value, Throwable> check) {
    }

    /** W1 through the SDK: 100-byte events; a reply is the event's sequence number, so below 1 is an error. */
    private ClosedLoop.Result callThroughSdk(String name, BotgridClient client, ClosedLoop loop,
                                             List<ChildNode> nodes) throws TimeoutException {
        BytesValue[] commands = payloads(new Random(7));
        int mask = commands.length - 1;
        ClosedLoop.Result r = runThroughSdk(name, client, loop, nodes, new SdkLoad(BenchTypes.JOURNAL,
                k -> BytesValue.getDefaultInstance(), k -> commands[k & mask],
                (k, reply) -> reply.getValue() >= 1 ? null
                        : new IllegalStateException("reply " + reply.getValue() + " is no sequence number")));
        Figures.count(name + ".events_written", r.ok(), "events");
        return r;
    }

    /** W0 through the SDK: the echo actor type, {@code Int64Value} in and out, the key as the value. */
    private void routeThroughSdk(String name, BotgridClient client, ClosedLoop loop, List<ChildNode> nodes)
            throws TimeoutException {
        lastRouting = runThroughSdk(name, client, loop, nodes, new SdkLoad(BenchTypes.ECHO, Int64Value::of,
                Int64Value::of, (k, reply) -> reply.getValue() == k ? null
                        : new IllegalStateException("echo of " + k + " replied " + reply.getValue())));
    }

    /** Primes every key once, warms up, measures, and prints the figures under {@code name}. */
    private ClosedLoop.Result runThroughSdk(String name, BotgridClient client, ClosedLoop loop,
                                            List<ChildNode> nodes, SdkLoad load) throws TimeoutException {
        String[] keyNames = new String[keys];
        for (int i = 0; i < keys; i++) {
            keyNames[i] = "k" + i;
        }
        Figures.progress(name + ": priming " + keys + " actors through the SDK");
        ClosedLoop.Result primed = loop.runOnce((key, executor, done) -> client.actors()
                        .call(load.type(), keyNames[key], load.prime().apply(key), Int64Value.class)
                        .whenCompleteAsync((reply, error) -> done.accept(error), executor),
                sequential(keys), Duration.ofMinutes(5));
        Figures.figure(name + ".activation_rate", keys * 1e9 / primed.nanos(), "activations/s");
        Figures.millis(name + ".activation.p50", primed.latency().getValueAtPercentile(50));
        Figures.millis(name + ".activation.p99", primed.latency().getValueAtPercentile(99));
        if (primed.errors() > 0) {
            Figures.count(name + ".activation.errors", primed.errors(), "calls");
            Figures.progress(name + ": first priming error: " + primed.firstError());
        }

        Figures.progress(name + ": warm-up " + warmup.toMillis() + " ms, then measuring " + measure.toMillis() + " ms");
        Probe probe = new Probe(nodes);
        ClosedLoop.Result r = loop.runTimed((key, executor, done) -> client.actors()
                        .call(load.type(), keyNames[key], load.command().apply(key), Int64Value.class)
                        .whenCompleteAsync((reply, error) -> done.accept(error != null ? error
                                : load.check().apply(key, reply)), executor),
                uniform(keys), warmup, measure, probe::start, probe::end);
        report(name, r, probe, List.of("node1", "node2"));
        return r;
    }

    /** The W0-through-the-SDK result of the last {@link #runBotgrid}, for its ratio to the echo. */
    ClosedLoop.Result lastRouting() {
        return lastRouting;
    }

    /** Live activations per node as the cluster service reports them; the split shows both nodes serve actors. */
    private static void reportActors(String name, BotgridClient client) {
        try {
            List<NodeView> views = client.cluster().nodes().get(10, TimeUnit.SECONDS);
            for (NodeView v : views) {
                Figures.count(name + ".actors." + v.id(), v.actorCount(), "activations");
            }
        } catch (Exception e) {
            Figures.progress(name + ": could not list the nodes through the SDK: " + e);
        }
    }

    // ------------------------------------------------------------------------------------------ bare gRPC echo

    /**
     * Starts the echo server in a child JVM and runs the same closed loop against it (same concurrency, key draw,
     * warm-up and measured time, a payload of {@code eventBytes} bytes each way); stops the server before returning.
     */
    ClosedLoop.Result runEcho(String name) {
        ChildNode server = ChildNode.launch("echo", root.resolve("echo.log"), nodeHeap,
                EchoServerMain.class.getName(), List.of());
        ExecutorService channelExecutor = Executors.newFixedThreadPool(clientThreads, daemon("bench-echo-client"));
        ManagedChannel channel = null;
        try {
            onChild.accept(server);
            server.awaitReady(Duration.ofMinutes(1));
            String target = "127.0.0.1:" + server.grpcPort();
            Figures.progress(name + ": echo server on " + target);
            channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                    .executor(channelExecutor).build();
            ManagedChannel ch = channel;
            BytesValue[] requests = payloads(new Random(7));
            int mask = requests.length - 1;
            try (ClosedLoop loop = new ClosedLoop("echo", concurrency)) {
                Figures.progress(name + ": warm-up " + warmup.toMillis() + " ms, then measuring " + measure.toMillis()
                        + " ms");
                Probe probe = new Probe(List.of(server));
                ClosedLoop.Result r = loop.runTimed((key, executor, done) -> {
                    BytesValue request = requests[key & mask];
                    ClientCalls.asyncUnaryCall(ch.newCall(EchoServerMain.METHOD, CallOptions.DEFAULT
                                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)), request,
                            new StreamObserver<>() {
                                private BytesValue reply;

                                @Override
                                public void onNext(BytesValue value) {
                                    reply = value;
                                }

                                @Override
                                public void onError(Throwable t) {
                                    executor.execute(() -> done.accept(t));
                                }

                                @Override
                                public void onCompleted() {
                                    Throwable error = reply != null && reply.getValue().size() == request.getValue()
                                            .size() ? null : new IllegalStateException("echo of another size");
                                    executor.execute(() -> done.accept(error));
                                }
                            });
                }, uniform(keys), warmup, measure, probe::start, probe::end);
                report(name, r, probe, List.of("server"));
                return r;
            }
        } finally {
            Figures.progress("stopping the echo server");
            if (channel != null) {
                channel.shutdownNow();
                try {
                    channel.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            channelExecutor.shutdownNow();
            try {
                server.close();
            } catch (RuntimeException e) {
                server.kill();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ shared

    /** Prints Botgrid/echo throughput and p99 ratios under {@code name}; nothing if either side has no result. */
    static void ratios(String name, ClosedLoop.Result botgrid, ClosedLoop.Result echo) {
        if (botgrid == null || echo == null || botgrid.ok() == 0 || echo.ok() == 0) {
            return;
        }
        Figures.figure(name + ".vs_echo.ratio", botgrid.throughput() / echo.throughput(), "");
        Figures.figure(name + ".vs_echo.p99_ratio", (double) botgrid.latency().getValueAtPercentile(99)
                / echo.latency().getValueAtPercentile(99), "");
    }

    private BytesValue[] payloads(Random random) {
        BytesValue[] out = new BytesValue[1024];
        for (int i = 0; i < out.length; i++) {
            out[i] = BytesValue.of(randomBytes(random, eventBytes));
        }
        return out;
    }

    private static ByteString randomBytes(Random random, int size) {
        return BenchTypes.randomBytes(random, size);
    }

    private static void report(String name, ClosedLoop.Result r, Probe probe, List<String> childNames) {
        Figures.figure(name + ".throughput", r.throughput(), "ops/s");
        Figures.latency(name + ".latency", r.latency());
        Figures.count(name + ".completed", r.ok(), "ops");
        Figures.count(name + ".errors", r.errors(), "ops");
        if (r.firstError() != null) {
            Figures.progress(name + ": first error: " + r.firstError());
        }
        double seconds = r.nanos() / 1e9;
        for (int i = 0; i < childNames.size(); i++) {
            if (probe.childCpu[i] >= 0) {
                Figures.figure(name + ".cpu." + childNames.get(i), probe.childCpu[i] / 1e9 / seconds, "cores");
            }
        }
        if (probe.clientCpu >= 0) {
            Figures.figure(name + ".cpu.client", probe.clientCpu / 1e9 / seconds, "cores");
        }
        if (r.driverThreadCpuNanos() >= 0) {
            Figures.figure(name + ".cpu.driver_thread", r.driverThreadCpuNanos() / 1e9 / seconds, "cores");
        }
        Figures.count(name + ".gc.client", probe.gcMillis, "ms");
    }

    /** CPU of the child processes and of this (client) process, and this JVM's GC time, over the measured phase. */
    private static final class Probe {
        private final List<ChildNode> children;
        private final long[] childCpu;
        private long clientCpu;
        private long gcMillis;

        Probe(List<ChildNode> children) {
            this.children = children;
            this.childCpu = new long[children.size()];
        }

        void start() {
            for (int i = 0; i < childCpu.length; i++) {
                childCpu[i] = cpu(children.get(i));
            }
            clientCpu = Jvm.processCpuNanos();
            gcMillis = Jvm.gcMillis();
        }

        void end() {
            for (int i = 0; i < childCpu.length; i++) {
                long now = cpu(children.get(i));
                childCpu[i] = childCpu[i] < 0 || now < 0 ? -1 : now - childCpu[i];
            }
            long now = Jvm.processCpuNanos();
            clientCpu = clientCpu < 0 || now < 0 ? -1 : now - clientCpu;
            gcMillis = Jvm.gcMillis() - gcMillis;
        }

        private static long cpu(ChildNode child) {
            return child.cpuTime().map(Duration::toNanos).orElse(-1L);
        }
    }

    private static ClosedLoop.Keys sequential(int n) {
        int[] next = new int[1];
        return () -> next[0] < n ? next[0]++ : -1;
    }

    private static ClosedLoop.Keys uniform(int n) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        return () -> random.nextInt(n);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
