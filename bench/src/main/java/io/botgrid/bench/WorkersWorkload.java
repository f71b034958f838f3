package io.botgrid.bench;

import io.botgrid.actor.ActorId;
import io.botgrid.node.BotgridNode;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.Placement;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.cluster.WorkerCluster;
import io.botgrid.workers.spi.WorkerMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * W6a, supervised workers on node 1 (in this JVM), through its {@link LocalSupervisor}:
 * <ul>
 *   <li>{@code w6a.chain}: a chain of three {@code echo} stages (2 instances each, unordered), pushed at its head
 *       from the closed loop (same concurrency, warm-up and measured time as W0); a push completes when its item left
 *       the last stage, so the latency is end to end;</li>
 *   <li>{@code w6a.broadcast}: a group of 100 {@code echo} workers; one broadcast at a time, from the call until every
 *       member has handled it;</li>
 *   <li>{@code w6a.restart}: a standalone {@code http} worker whose URL refuses connections (every message is a
 *       crash), permanent, no backoff: from the {@code Crashed} event to the {@code Started} event of the restart;</li>
 *   <li>{@code w6a.group_restart}, {@code w6a.chain_restart}: the same for a group of 10 members (one of them the
 *       crashing {@code http} worker; every member stops and starts again) and for a chain of three stages (2
 *       instances each, the middle one crashing): from the crash to the {@code Started} event of the whole spec;</li>
 *   <li>{@code w6a.remote_chain}: the chain of {@code w6a.chain}, placed on node 2 (it follows an actor node 2 owns)
 *       and pushed from node 1 through the cluster side ({@code BotgridNode.workerCluster()}): each push is an
 *       Ignite compute job to node 2 and back.</li>
 * </ul>
 * The chain result is returned so the run can print its ratio to W0 ({@code w6a.vs_w0.ratio}).
 */
final class WorkersWorkload implements ClusterWorkload {
    private static final int GROUP_SIZE = 100;
    private static final int BROADCASTS = 500;
    private static final int RESTARTS = 300;

    @Override
    public String name() {
        return "w6a";
    }

    @Override
    public ClosedLoop.Result run(BenchContext context, BenchCluster cluster, ClosedLoop loop, String figureName)
            throws Exception {
        LocalSupervisor workers = cluster.local().workers();
        ClosedLoop.Result chain = chain(context, cluster, loop, workers, figureName + ".chain");
        broadcast(cluster, workers, figureName + ".broadcast");
        String refused = refusedUrl();
        restart(cluster, workers, figureName + ".restart", StandaloneSpec.of("w6a-restart", FunctionRef.of("http",
                Map.of("url", refused))).withRestart(fastRestarts()), () -> workers.send("w6a-restart",
                WorkerMessage.of("x")));
        List<GroupSpec.Member> members = new ArrayList<>();
        members.add(new GroupSpec.Member("crash", FunctionRef.of("http", Map.of("url", refused))));
        for (int i = 1; i < 10; i++) {
            members.add(new GroupSpec.Member("m" + i, FunctionRef.of("echo")));
        }
        restart(cluster, workers, figureName + ".group_restart", GroupSpec.of("w6a-group-restart", members)
                .withRestart(fastRestarts()), () -> workers.send("w6a-group-restart/crash", WorkerMessage.of("x")));
        restart(cluster, workers, figureName + ".chain_restart", ChainSpec.of("w6a-chain-restart", List.of(
                        ChainSpec.Stage.of("a", FunctionRef.of("echo")).withInstances(2, 2),
                        ChainSpec.Stage.of("b", FunctionRef.of("http", Map.of("url", refused))).withInstances(2, 2),
                        ChainSpec.Stage.of("c", FunctionRef.of("echo")).withInstances(2, 2)))
                .withRestart(fastRestarts()), () -> workers.push("w6a-chain-restart", Optional.empty(),
                WorkerMessage.of("x")));
        remoteChain(context, cluster, loop, figureName + ".remote_chain");
        return chain;
    }

    private static ClosedLoop.Result chain(BenchContext context, BenchCluster cluster, ClosedLoop loop,
                                           LocalSupervisor workers, String name) throws Exception {
        List<ChainSpec.Stage> stages = new ArrayList<>();
        for (String s : List.of("a", "b", "c")) {
            stages.add(ChainSpec.Stage.of(s, FunctionRef.of("echo")).withInstances(2, 2).withQueueCapacity(4096));
        }
        WorkerCluster api = cluster.local().workerCluster();
        deployHere(cluster, ChainSpec.of("w6a-chain", stages));
        WorkerMessage[] items = new WorkerMessage[1024];
        for (int i = 0; i < items.length; i++) {
            items[i] = WorkerMessage.keyed("k" + i, "item-" + i);
        }
        int mask = items.length - 1;
        try {
            return MeasuredPhase.run(name, loop, (key, executor, done) -> workers.push("w6a-chain", Optional.empty(),
                            items[key & mask]).whenCompleteAsync((out, error) -> done.accept(error), executor),
                    context.options(), Probe.of(cluster));
        } finally {
            api.remove("w6a-chain");
        }
    }

    private static void broadcast(BenchCluster cluster, LocalSupervisor workers, String name) throws Exception {
        List<GroupSpec.Member> members = new ArrayList<>();
        for (int i = 0; i < GROUP_SIZE; i++) {
            members.add(new GroupSpec.Member("m" + i, FunctionRef.of("echo")));
        }
        deployHere(cluster, GroupSpec.of("w6a-group", members));
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        WorkerMessage m = WorkerMessage.of("tick");
        try {
            for (int i = 0; i < BROADCASTS / 5; i++) { // warm-up
                workers.broadcast("w6a-group", m).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            for (int i = 0; i < BROADCASTS; i++) {
                long t0 = System.nanoTime();
                Map<String, List<WorkerMessage>> all = workers.broadcast("w6a-group", m).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                h.recordValue(System.nanoTime() - t0);
                if (all.size() != GROUP_SIZE) {
                    throw new IllegalStateException("broadcast reached " + all.size() + " of " + GROUP_SIZE);
                }
            }
        } finally {
            cluster.local().workerCluster().remove("w6a-group");
        }
        Figures.count(name + ".members", GROUP_SIZE, "workers");
        Figures.count(name + ".count", BROADCASTS, "broadcasts");
        Figures.latency(name + ".all_received", h);
    }

    /** A URL on this machine that refuses connections: an {@code http} worker calling it crashes at once. */
    private static String refusedUrl() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/refused"; // closed again: connections are refused
        }
    }

    /** Permanent, no backoff, a limit no run reaches: what is timed is the restart itself. */
    private static RestartPolicy fastRestarts() {
        return RestartPolicy.of(RestartPolicy.Strategy.PERMANENT).withIntensity(1_000_000, Duration.ofSeconds(1))
                .withBackoff(Duration.ZERO, Duration.ZERO);
    }

    /**
     * Applies {@code spec}, then {@value #RESTARTS} times makes it crash with {@code crash} and times the crash
     * ({@code Crashed} event) to the {@code Started} event of its restart; the first fifth is warm-up.
     */
    private static void restart(BenchCluster cluster, LocalSupervisor workers, String name, WorkerSpec spec,
                                Runnable crash)
            throws Exception {
        String id = spec.id();
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicReference<CompletableFuture<Long>> started = new AtomicReference<>();
        AtomicLong crashedAt = new AtomicLong();
        AutoCloseable subscription = workers.subscribe(e -> {
            if (!e.specId().equals(id)) {
                return;
            }
            if (e instanceof WorkerEvent.Crashed) {
                crashedAt.compareAndSet(0, System.nanoTime()); // the first crash of a round stops the spec
            } else if (e instanceof WorkerEvent.Started) {
                CompletableFuture<Long> f = started.get();
                if (f != null) {
                    f.complete(System.nanoTime());
                }
            }
        });
        try {
            deployHere(cluster, spec);
            for (int i = 0; i < RESTARTS; i++) {
                CompletableFuture<Long> next = new CompletableFuture<>();
                crashedAt.set(0);
                started.set(next);
                crash.run();
                long at = next.get(30, TimeUnit.SECONDS);
                if (i >= RESTARTS / 5) {
                    h.recordValue(Math.max(0, at - crashedAt.get()));
                }
                awaitRunning(workers, id);
            }
        } finally {
            subscription.close();
            cluster.local().workerCluster().remove(id);
        }
        Figures.count(name + ".count", RESTARTS - RESTARTS / 5, "restarts");
        Figures.latency(name + ".crash_to_started", h);
    }

    /** The chain of {@link #chain}, on node 2, pushed from node 1 through the cluster side. */
    private static void remoteChain(BenchContext context, BenchCluster cluster, ClosedLoop loop, String name)
            throws Exception {
        BotgridNode local = cluster.local();
        String here = local.name();
        Optional<Placement> there = anchor(local, false);
        if (there.isEmpty()) {
            Figures.line(name, "skipped: no actor of another node to place the chain with");
            return;
        }
        List<ChainSpec.Stage> stages = new ArrayList<>();
        for (String s : List.of("a", "b", "c")) {
            stages.add(ChainSpec.Stage.of(s, FunctionRef.of("echo")).withInstances(2, 2).withQueueCapacity(4096));
        }
        WorkerCluster api = local.workerCluster();
        api.declare(new ChainSpec("w6a-remote-chain", stages, Optional.empty(), RestartPolicy.DEFAULT,
                there.get()));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) { // placed, started and routable from here
                try {
                    api.push("w6a-remote-chain", Optional.empty(), WorkerMessage.of("probe")).get(30,
                            TimeUnit.SECONDS);
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
            String where = api.status(Optional.of("w6a-remote-chain")).get(30, TimeUnit.SECONDS).stream()
                    .map(SpecStatus::getNode).findFirst().orElse("?");
            Figures.line(name + ".node", where + " (pushed from " + here + ")");
            WorkerMessage[] items = new WorkerMessage[1024];
            for (int i = 0; i < items.length; i++) {
                items[i] = WorkerMessage.keyed("k" + i, "item-" + i);
            }
            int mask = items.length - 1;
            MeasuredPhase.run(name, loop, (key, executor, done) -> api.push("w6a-remote-chain", Optional.empty(),
                            items[key & mask]).whenCompleteAsync((out, error) -> done.accept(error), executor),
                    context.options(), Probe.of(cluster));
        } finally {
            api.remove("w6a-remote-chain");
        }
    }

    /**
     * A placement that follows an actor owned by node 1 ({@code onLocal}) or by another node: how a benchmark puts a
     * spec where it wants it through the cluster side (a spec applied to the local supervisor directly would be
     * stopped by the node's reconciler, as no assignment names it).
     */
    private static Optional<Placement> anchor(BotgridNode local, boolean onLocal) {
        for (int i = 0; i < 10_000; i++) {
            String owner = local.ownerOf(ActorId.of("w6a-anchor", "k-" + i));
            if (owner != null && owner.equals(local.name()) == onLocal) {
                return Optional.of(new Placement.WithActor("w6a-anchor", "k-" + i));
            }
        }
        return Optional.empty();
    }

    /** Declares {@code spec} placed on node 1 and waits until its local supervisor runs it. */
    private static void deployHere(BenchCluster cluster, WorkerSpec spec) throws InterruptedException {
        Placement here = anchor(cluster.local(), true).orElseThrow(() -> new IllegalStateException(
                "no actor of node 1 to place '" + spec.id() + "' with"));
        WorkerSpec placed;
        if (spec instanceof ChainSpec c) {
            placed = new ChainSpec(c.id(), c.stages(), c.end(), c.restart(), here);
        } else if (spec instanceof GroupSpec g) {
            placed = new GroupSpec(g.id(), g.members(), g.restart(), here);
        } else {
            StandaloneSpec s = (StandaloneSpec) spec;
            placed = new StandaloneSpec(s.id(), s.function(), s.restart(), here);
        }
        cluster.local().workerCluster().declare(placed);
        awaitRunning(cluster.local().workers(), spec.id());
    }

    private static void awaitRunning(LocalSupervisor workers, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (workers.status(id).map(s -> s.state() != WorkerState.RUNNING).orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(id + " did not start within 30 s: " + workers.status(id));
            }
            Thread.sleep(5);
        }
    }
}
