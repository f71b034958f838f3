package io.botgrid.bench;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.NodeView;
import io.botgrid.node.NodeConfig.WalMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * W3, the gRPC front: per transport, a fresh 2-node cluster with both nodes in child JVMs, driven through the Java
 * client SDK from this JVM (W0 first, figures {@code w3_w0}, then W1, figures {@code w3}; then both again with a
 * client that routes each call to its owner, figures {@code w3_routed_w0} and {@code w3_routed}); then, once, a bare
 * grpc-java unary echo with the same concurrency and payload ({@link GrpcEcho}, figures {@code w3_echo}); then the
 * ratios of each to the echo. A failing part is reported and the others still run.
 *
 * <p>Executors are set the same way on both sides: servers use {@code directExecutor()} (a Botgrid node's front is
 * built that way, and so is the echo server), clients a fixed pool of {@code --grpc-client-threads} threads as the
 * channel executor (the SDK's {@code threads(n)}, which also completes its futures; the echo client's channel gets a
 * pool of the same size). Netty's event loops are at their defaults everywhere. Completions reach the load loop's own
 * thread with {@code whenCompleteAsync(…, loopExecutor)} (SDK) or {@code loopExecutor.execute} (echo).
 */
final class GrpcFrontWorkload implements Workload {
    /** Deadline of every call, SDK and echo alike; the SDK retries only UNAVAILABLE, within it (default policy). */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    /** W0 and W1 through the SDK on one cluster: through one endpoint, then with the SDK routing to the owner. */
    private record Results(ClosedLoop.Result routing, ClosedLoop.Result journal, ClosedLoop.Result routedRouting,
                           ClosedLoop.Result routedJournal) {
    }

    /**
     * What one SDK workload sends: the actor type, the command priming key {@code k}, the command measured for key
     * {@code k}, and the check of a reply (null if it is right, else the error).
     */
    private record SdkLoad(String type, IntFunction<Message> prime, IntFunction<Message> command,
                           BiFunction<Integer, Int64Value, Throwable> check) {
    }

    @Override
    public String name() {
        return "w3";
    }

    @Override
    public void run(BenchContext context) {
        List<String> names = new ArrayList<>();
        List<ClosedLoop.Result> results = new ArrayList<>();
        for (Transport transport : context.options().transports()) {
            boolean compute = transport == Transport.COMPUTE;
            String name = "w3" + (compute ? "_compute" : "");
            context.section("cluster " + transport + "/gRPC", () -> {
                Figures.line("# cluster", "2 nodes in child JVMs, transport " + transport.name()
                        .toLowerCase(Locale.ROOT) + ", WAL " + WalMode.LOG_ONLY + "; the driver JVM is the gRPC "
                        + "client (SDK, both endpoints)");
                Figures.progress(name + ": starting a 2-node cluster in child JVMs: transport " + transport);
                Results r = runBotgrid(context, name, compute ? "gc" : "gm", transport);
                names.add(name + "_w0");
                results.add(r.routing());
                names.add(name);
                results.add(r.journal());
                names.add(name + "_routed_w0");
                results.add(r.routedRouting());
                names.add(name + "_routed");
                results.add(r.routedJournal());
            });
        }
        ClosedLoop.Result[] echo = new ClosedLoop.Result[1];
        context.section("w3 echo", () -> {
            Figures.line("# echo", "bare grpc-java unary echo: server in a child JVM, the driver JVM is the client");
            echo[0] = GrpcEcho.run(context, "w3_echo");
        });
        for (int i = 0; i < names.size(); i++) {
            Figures.ratios(names.get(i), "vs_echo", results.get(i), echo[0]);
            // W1 through the SDK against W1 in process (the "≥ 0.9×"), when W1 ran earlier in this run
            // on the same transport.
            String name = names.get(i);
            if (name.endsWith("_routed") || name.equals("w3") || name.equals("w3_compute")) {
                String inProcess = "w1" + (name.startsWith("w3_compute") ? "_compute" : "");
                Figures.ratios(name, "vs_w1", results.get(i), context.kept(inProcess));
            }
        }
    }

    /**
     * Starts two nodes in child JVMs (LOG_ONLY WAL, {@code transport}), then, through the SDK, first calls type
     * {@code w0} (W0: a reply and nothing persisted, so the front's own cost shows, figures under {@code name_w0}),
     * then type {@code w1} (W3 proper: W1's durable writes, figures under {@code name}); each primes every key once,
     * warms up, measures. The cluster is stopped before this returns.
     */
    private static Results runBotgrid(BenchContext context, String name, String label, Transport transport)
            throws TimeoutException {
        BenchOptions o = context.options();
        List<ChildNode> nodes = new ArrayList<>();
        try {
            int ports = BenchNodeConfig.freePorts();
            for (int i = 1; i <= 2; i++) {
                // The last node reports ready only once both are in the baseline with partitions in place.
                ChildNode child = context.startChild(context.node(label, i, ports, WalMode.LOG_ONLY, transport, true),
                        i == 2 ? List.of(BenchNodeMain.AWAIT_NODES + 2) : List.of());
                nodes.add(child);
                child.awaitReady(Duration.ofMinutes(2));
            }
            String[] endpoints = nodes.stream().map(n -> "127.0.0.1:" + n.grpcPort()).toArray(String[]::new);
            Figures.progress(name + ": nodes ready, gRPC endpoints " + String.join(", ", endpoints));
            try (BotgridClient client = BotgridClient.builder().endpoints(endpoints).defaultDeadline(DEADLINE)
                    .threads(o.grpcClientThreads()).build();
                 ClosedLoop loop = new ClosedLoop(label, o.concurrency())) {
                ClosedLoop.Result routing = routeThroughSdk(name + "_w0", o, client, loop, nodes);
                ClosedLoop.Result journal = callThroughSdk(name, o, client, loop, nodes);
                reportActors(name, client);
                // The same loads with the SDK sending each call straight to its owner's node (routeToOwners).
                try (BotgridClient routed = BotgridClient.builder().endpoints(endpoints).defaultDeadline(DEADLINE)
                        .threads(o.grpcClientThreads()).routeToOwners(true).build()) {
                    ClosedLoop.Result routedRouting = routeThroughSdk(name + "_routed_w0", o, routed, loop, nodes);
                    ClosedLoop.Result routedJournal = callThroughSdk(name + "_routed", o, routed, loop, nodes);
                    return new Results(routing, journal, routedRouting, routedJournal);
                }
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

    /** W1 through the SDK: 100-byte events; a reply is the event's sequence number, so below 1 is an error. */
    private static ClosedLoop.Result callThroughSdk(String name, BenchOptions o, BotgridClient client,
                                                    ClosedLoop loop, List<ChildNode> nodes) throws TimeoutException {
        BytesValue[] commands = BenchTypes.payloads(o.eventBytes());
        int mask = commands.length - 1;
        ClosedLoop.Result r = runThroughSdk(name, o, client, loop, nodes, new SdkLoad(BenchTypes.JOURNAL,
                k -> BytesValue.getDefaultInstance(), k -> commands[k & mask],
                (k, reply) -> reply.getValue() >= 1 ? null
                        : new IllegalStateException("reply " + reply.getValue() + " is no sequence number")));
        Figures.count(name + ".events_written", r.ok(), "events");
        return r;
    }

    /** W0 through the SDK: the echo actor type, {@code Int64Value} in and out, the key as the value. */
    private static ClosedLoop.Result routeThroughSdk(String name, BenchOptions o, BotgridClient client,
                                                     ClosedLoop loop, List<ChildNode> nodes) throws TimeoutException {
        return runThroughSdk(name, o, client, loop, nodes, new SdkLoad(BenchTypes.ECHO, Int64Value::of,
                Int64Value::of, (k, reply) -> reply.getValue() == k ? null
                        : new IllegalStateException("echo of " + k + " replied " + reply.getValue())));
    }

    /** Primes every key once, warms up, measures, and prints the figures under {@code name}. */
    private static ClosedLoop.Result runThroughSdk(String name, BenchOptions o, BotgridClient client,
                                                   ClosedLoop loop, List<ChildNode> nodes, SdkLoad load)
            throws TimeoutException {
        String[] keyNames = new String[o.keys()];
        for (int i = 0; i < keyNames.length; i++) {
            keyNames[i] = "k" + i;
        }
        ActivationRate.prime(name, loop, o.keys(), " through the SDK", (key, executor, done) -> client.actors()
                .call(load.type(), keyNames[key], load.prime().apply(key), Int64Value.class)
                .whenCompleteAsync((reply, error) -> done.accept(error), executor));
        return MeasuredPhase.run(name, loop, (key, executor, done) -> client.actors()
                        .call(load.type(), keyNames[key], load.command().apply(key), Int64Value.class)
                        .whenCompleteAsync((reply, error) -> done.accept(error != null ? error
                                : load.check().apply(key, reply)), executor),
                o, Probe.ofClient(nodes, List.of("node1", "node2")));
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
}
