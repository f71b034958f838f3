package io.botgrid.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.testkit.NodeProcess;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Losing a zone: six nodes in three zones with {@code zoneAwareBackups} and one backup (nodes 0, 2, 3, 5 of zones a
 * and c in this JVM, zone b's nodes 1 and 4 in child JVMs), W1 writes through node 0 from a few threads, then both
 * zone b processes killed together with SIGKILL. Measures the time from the kill until every key has answered a
 * write again (each key is written until it answers once), and the writes acknowledged before and after.
 * The correctness side (nothing acknowledged lost, copies in distinct zones) is {@code ZoneLossTest}'s.
 */
@Command(name = "botgrid-bench-zones", mixinStandardHelpOptions = true,
        description = "Zone loss: time from killing a whole zone until every key answers. Figures: 'name: value unit'.")
public final class ZoneLossBench implements Callable<Integer> {
    private static final CallOptions CALL = CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10));
    private static final CallOptions PROBE = CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(1));

    @Option(names = "--keys", defaultValue = "300", description = "Actor keys (default: ${DEFAULT-VALUE}).")
    private int keys;

    @Option(names = "--threads", defaultValue = "4", description = "Writing threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--load", defaultValue = "10s", converter = DurationConverter.class,
            description = "Load before the kill (default: ${DEFAULT-VALUE}).")
    private Duration load;

    private final AtomicLong acknowledged = new AtomicLong();
    private volatile boolean loading = true;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ZoneLossBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Figures.machine();
        Figures.line("zones.plan", "6 nodes in 3 zones, backups 1, zone-aware; kill -9 of zone b's 2 nodes; "
                + keys + " keys, " + threads + " writing threads");
        try (TestCluster cluster = TestCluster.builder().nodes(1).zones("zone-a", "zone-b", "zone-c")
                .actorTypes(BenchTypes.create()).start()) {
            List<NodeProcess> zoneB = new ArrayList<>();
            try {
                for (int i : new int[] {1, 4}) {
                    zoneB.add(NodeProcess.start(cluster.configFor(i), BenchTypes.class));
                }
                for (int i : new int[] {2, 3, 5}) {
                    cluster.startNode(i);
                }
                for (NodeProcess p : zoneB) {
                    p.awaitReady(Duration.ofMinutes(2));
                }
                cluster.expectExternalNodes(2);
                cluster.awaitStable(Duration.ofMinutes(2));
                ActorClient client = cluster.node(0).actors();
                List<ActorId> ids = new ArrayList<>();
                for (int k = 0; k < keys; k++) {
                    ids.add(ActorId.of(BenchTypes.JOURNAL, "zone-" + k));
                }
                List<Thread> writers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    Thread w = new Thread(() -> write(client, ids, first), "zone-writer-" + t);
                    w.setDaemon(true);
                    w.start();
                    writers.add(w);
                }
                Thread.sleep(load.toMillis());
                long before = acknowledged.get();
                Figures.progress("zones: killing zone b (" + zoneB.size() + " processes)");
                long killed = System.nanoTime();
                zoneB.forEach(NodeProcess::kill9);
                double seconds = everyKeyAnswers(client, ids, killed);
                Figures.figure("zones.kill_zone.every_key_answers", seconds, "s");
                Thread.sleep(load.toMillis());
                loading = false;
                for (Thread w : writers) {
                    w.join(15_000);
                }
                Figures.count("zones.acknowledged.before_kill", before, "events");
                Figures.count("zones.acknowledged.total", acknowledged.get(), "events");
            } finally {
                zoneB.forEach(NodeProcess::kill9);
            }
        }
        return 0;
    }

    private void write(ActorClient client, List<ActorId> ids, int first) {
        BytesValue event = BytesValue.of(ByteString.copyFrom(new byte[BenchTypes.EVENT_BYTES]));
        for (int i = first; loading; i += threads) {
            try {
                client.<Int64Value>ask(ids.get(i % ids.size()), event, CALL).join();
                acknowledged.incrementAndGet();
            } catch (RuntimeException e) {
                // failures during the loss are expected; the prober measures when they end
            }
        }
    }

    /** Writes each key until it has answered once; seconds from {@code since} until the last one answered. */
    private static double everyKeyAnswers(ActorClient client, List<ActorId> ids, long since) {
        BitSet answered = new BitSet(ids.size());
        BytesValue event = BytesValue.of(ByteString.copyFrom(new byte[BenchTypes.EVENT_BYTES]));
        long last = since;
        while (answered.cardinality() < ids.size()) {
            List<CompletableFuture<Int64Value>> round = new ArrayList<>();
            List<Integer> asked = new ArrayList<>();
            for (int k = answered.nextClearBit(0); k < ids.size(); k = answered.nextClearBit(k + 1)) {
                round.add(client.ask(ids.get(k), event, PROBE));
                asked.add(k);
            }
            for (int j = 0; j < round.size(); j++) {
                try {
                    round.get(j).join();
                    answered.set(asked.get(j));
                    last = System.nanoTime();
                } catch (RuntimeException e) {
                    // not yet
                }
            }
        }
        return (last - since) / 1e9;
    }
}
