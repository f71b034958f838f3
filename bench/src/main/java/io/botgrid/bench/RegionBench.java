package io.botgrid.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.RetryPolicy;
import io.botgrid.testkit.TestCluster;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replication between regions. Two one-node clusters in this JVM, region "eu" and its standby "us". W1 writes (one
 * 100-byte event per call, {@code --concurrency} outstanding) run for {@code --measure} twice on fresh "eu" clusters:
 * without a standby, then shipping to "us", so the cost of shipping is measured in the same run. During the second
 * run the replication lag gauge ({@code botgrid_replication_lag_seconds}, the age of the oldest change not yet
 * acknowledged by the standby: what losing "eu" at that instant would lose) is sampled every 50 ms. Then an SDK
 * client built with both regions calls an actor, "eu" is halted, "us" is promoted through the SDK (the time the
 * promotion takes), and the time until the client's next call is answered (by "us") is the SDK's region failover.
 */
@Command(name = "botgrid-bench-regions", mixinStandardHelpOptions = true,
        description = "Replication lag under W1 and its cost; SDK region failover. Figures: 'name: value unit'.")
public final class RegionBench implements Callable<Integer> {
    private static final CallOptions CALL = CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10));

    @Option(names = "--measure", defaultValue = "20s", converter = DurationConverter.class,
            description = "Length of each W1 run (default: ${DEFAULT-VALUE}).")
    private Duration measure;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Warm-up before each W1 run (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--concurrency", defaultValue = "32", description = "Calls outstanding (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--keys", defaultValue = "1000", description = "Actor keys (default: ${DEFAULT-VALUE}).")
    private int keys;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RegionBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Figures.machine();
        Figures.line("regions.plan", "W1 " + measure.toSeconds() + " s at " + concurrency + " outstanding over " + keys
                + " keys, without then with a standby region (one node each, this JVM)");
        double alone;
        try (TestCluster eu = TestCluster.builder().nodes(1).namePrefix("eu0").actorTypes(BenchTypes.create())
                .configure(c -> c.region("eu")).start()) {
            alone = w1(eu.node(0).actors(), null);
        }
        Figures.figure("regions.w1_without_standby.throughput", alone, "ops/s");
        int usPort = freePort();
        int euPort = freePort();
        try (TestCluster us = TestCluster.builder().nodes(1).namePrefix("us").actorTypes(BenchTypes.create())
                .configure(c -> c.region("us").grpcPort(usPort)).start();
             TestCluster eu = TestCluster.builder().nodes(1).namePrefix("eu").actorTypes(BenchTypes.create())
                     .configure(c -> c.region("eu").grpcPort(euPort)
                             .standbyEndpoints(List.of("127.0.0.1:" + usPort))).start()) {
            Histogram lag = new Histogram(3);
            double shipping = w1(eu.node(0).actors(), () -> lag.recordValue(
                    Math.round(lagSeconds(eu) * 1e6)));
            Figures.figure("regions.w1_with_standby.throughput", shipping, "ops/s");
            Figures.figure("regions.w1_with_standby.vs_without.ratio", shipping / alone, "");
            Figures.figure("regions.replication_lag.p50", lag.getValueAtPercentile(50) / 1e3, "ms");
            Figures.figure("regions.replication_lag.p99", lag.getValueAtPercentile(99) / 1e3, "ms");
            Figures.figure("regions.replication_lag.max", lag.getMaxValue() / 1e3, "ms");
            shipLag(eu);
            long drained = System.nanoTime();
            while (lagSeconds(eu) > 0 && System.nanoTime() - drained < 60_000_000_000L) {
                Thread.sleep(10);
            }
            Figures.figure("regions.replication_drain_after_load", (System.nanoTime() - drained) / 1e9, "s");
            ActorId probe = ActorId.of(BenchTypes.JOURNAL, "r-0");
            Figures.line("regions.standby_caught_up", String.valueOf(
                    us.node(0).events().lastSeq(probe) == eu.node(0).events().lastSeq(probe)));
            failover(eu, euPort, usPort);
        }
        return 0;
    }

    /** SDK region failover: halt "eu", promote "us", then the time to the next answered call, which "us" answers. */
    private static void failover(TestCluster eu, int euPort, int usPort) throws Exception {
        try (BotgridClient client = BotgridClient.builder().region("eu", "127.0.0.1:" + euPort)
                .region("us", "127.0.0.1:" + usPort).preferredRegion("eu")
                .retryPolicy(new RetryPolicy(20, Duration.ofMillis(20), Duration.ofMillis(200))).build()) {
            BytesValue event = BytesValue.of(ByteString.copyFrom(new byte[BenchTypes.EVENT_BYTES]));
            client.actors().callBlocking(BenchTypes.JOURNAL, "failover", event, Int64Value.class);
            long halted = System.nanoTime();
            eu.killNode(0);
            client.cluster().promoteRegion("us").join(); // the operator's step: us becomes the home
            long promoted = System.nanoTime();
            client.actors().callBlocking(BenchTypes.JOURNAL, "failover", event, Int64Value.class);
            long answered = System.nanoTime();
            Figures.figure("regions.promote", (promoted - halted) / 1e6, "ms");
            Figures.figure("regions.sdk_failover_after_promotion", (answered - promoted) / 1e6, "ms");
        }
    }

    /** Closed-loop W1 for warm-up then {@link #measure}; returns calls per second measured. */
    private double w1(ActorClient client, Runnable sampler) throws InterruptedException {
        BytesValue event = BytesValue.of(ByteString.copyFrom(new byte[BenchTypes.EVENT_BYTES]));
        List<ActorId> ids = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            ids.add(ActorId.of(BenchTypes.JOURNAL, "r-" + k));
        }
        Semaphore slots = new Semaphore(concurrency);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        long countedAtStart = -1;
        long nextSample = System.nanoTime();
        for (long i = 0; System.nanoTime() < end; i++) {
            if (countedAtStart < 0 && System.nanoTime() >= measureFrom) {
                countedAtStart = done.get();
            }
            if (sampler != null && countedAtStart >= 0 && System.nanoTime() >= nextSample) {
                sampler.run();
                nextSample = System.nanoTime() + 50_000_000L;
            }
            if (!slots.tryAcquire(1, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                continue;
            }
            client.<Int64Value>ask(ids.get((int) (i % ids.size())), event, CALL).whenComplete((r, e) -> {
                if (e == null) {
                    done.incrementAndGet();
                }
                slots.release();
            });
        }
        long measured = done.get() - Math.max(0, countedAtStart);
        slots.acquire(concurrency);
        return measured / (measure.toNanos() / 1e9);
    }

    private static double lagSeconds(TestCluster cluster) {
        for (MetricSnapshot m : cluster.node(0).telemetry().registry().scrape()) {
            if (m.getMetadata().getPrometheusName().equals("botgrid_replication_lag_seconds")) {
                return ((GaugeSnapshot) m).getDataPoints().get(0).getValue();
            }
        }
        throw new IllegalStateException("no botgrid_replication_lag_seconds");
    }

    /** The mean of the per-actor ship lag histogram (seen by the shipper to acknowledged by the standby). */
    private static void shipLag(TestCluster cluster) {
        for (MetricSnapshot m : cluster.node(0).telemetry().registry().scrape()) {
            if (m.getMetadata().getPrometheusName().equals("botgrid_replication_ship_lag_seconds")) {
                var p = ((HistogramSnapshot) m).getDataPoints().get(0);
                Figures.figure("regions.ship_lag.mean", p.getCount() == 0 ? 0 : p.getSum() / p.getCount() * 1e3, "ms");
                Figures.count("regions.ship_lag.count", p.getCount(), "actor shipments");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
