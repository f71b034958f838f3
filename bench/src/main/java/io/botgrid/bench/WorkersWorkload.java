package io.botgrid.bench;

import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkerEvent;
import io.botgrid.workers.WorkerState;
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
 *       crash), permanent, no backoff: from the {@code Crashed} event to the {@code Started} event of the restart.</li>
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
        broadcast(workers, figureName + ".broadcast");
        restart(workers, figureName + ".restart");
        return chain;
    }

    private static ClosedLoop.Result chain(BenchContext context, BenchCluster cluster, ClosedLoop loop,
                                           LocalSupervisor workers, String name) throws Exception {
        List<ChainSpec.Stage> stages = new ArrayList<>();
        for (String s : List.of("a", "b", "c")) {
            stages.add(ChainSpec.Stage.of(s, FunctionRef.of("echo")).withInstances(2, 2).withQueueCapacity(4096));
        }
        workers.apply(ChainSpec.of("w6a-chain", stages), 1);
        awaitRunning(workers, "w6a-chain");
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
            workers.stop("w6a-chain").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void broadcast(LocalSupervisor workers, String name) throws Exception {
        List<GroupSpec.Member> members = new ArrayList<>();
        for (int i = 0; i < GROUP_SIZE; i++) {
            members.add(new GroupSpec.Member("m" + i, FunctionRef.of("echo")));
        }
        workers.apply(GroupSpec.of("w6a-group", members), 1);
        awaitRunning(workers, "w6a-group");
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
            workers.stop("w6a-group").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        Figures.count(name + ".members", GROUP_SIZE, "workers");
        Figures.count(name + ".count", BROADCASTS, "broadcasts");
        Figures.latency(name + ".all_received", h);
    }

    private static void restart(LocalSupervisor workers, String name) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicReference<CompletableFuture<Long>> started = new AtomicReference<>();
        long[] crashedAt = new long[1];
        AutoCloseable subscription = workers.subscribe(e -> {
            if (!e.specId().equals("w6a-restart")) {
                return;
            }
            if (e instanceof WorkerEvent.Crashed) {
                crashedAt[0] = System.nanoTime();
            } else if (e instanceof WorkerEvent.Started) {
                CompletableFuture<Long> f = started.get();
                if (f != null) {
                    f.complete(System.nanoTime());
                }
            }
        });
        try {
            workers.apply(StandaloneSpec.of("w6a-restart", FunctionRef.of("http",
                    Map.of("url", "http://127.0.0.1:" + port + "/refused"))).withRestart(
                    RestartPolicy.of(RestartPolicy.Strategy.PERMANENT).withIntensity(1_000_000, Duration.ofSeconds(1))
                            .withBackoff(Duration.ZERO, Duration.ZERO)), 1);
            awaitRunning(workers, "w6a-restart");
            for (int i = 0; i < RESTARTS; i++) {
                CompletableFuture<Long> next = new CompletableFuture<>();
                started.set(next);
                workers.send("w6a-restart", WorkerMessage.of("x"));
                long at = next.get(30, TimeUnit.SECONDS);
                if (i >= RESTARTS / 5) {
                    h.recordValue(Math.max(0, at - crashedAt[0]));
                }
            }
        } finally {
            subscription.close();
            workers.stop("w6a-restart").toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        Figures.count(name + ".count", RESTARTS - RESTARTS / 5, "restarts");
        Figures.latency(name + ".crash_to_started", h);
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
