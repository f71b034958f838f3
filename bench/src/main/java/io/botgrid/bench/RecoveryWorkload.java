package io.botgrid.bench;

import com.google.protobuf.Int64Value;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig.WalMode;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;

/**
 * W2 recovery on a 1-node cluster: an actor with {@code --w2-events} events is passivated and called again, and the
 * call is timed (activation: directory claim, snapshot read, journal replay, then the turn); once for an actor
 * snapshotted every {@value BenchTypes#SNAPSHOT_EVERY} events, once for one that replays its whole journal.
 */
final class RecoveryWorkload implements Workload {
    private static final CallOptions CALL = CallOptions.DEFAULT;

    private final Transport transport;

    RecoveryWorkload(Transport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "w2";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        BenchOptions o = context.options();
        Figures.line("# cluster", "1 node, WAL " + WalMode.LOG_ONLY);
        Figures.progress("w2: starting a 1-node cluster");
        try (BenchCluster cluster = BenchCluster.start(context, "r", 1, WalMode.LOG_ONLY, transport)) {
            Figures.count("w2.events", o.w2Events(), "events");
            Figures.count("w2.cycles", o.w2Cycles(), "cycles");
            recovery(o, cluster, "w2.recovery_with_snapshot", BenchTypes.RECOVERY_SNAPSHOT, true);
            recovery(o, cluster, "w2.recovery_without_snapshot", BenchTypes.RECOVERY_PLAIN, false);
            Figures.progress("stopping the cluster");
        }
    }

    private static void recovery(BenchOptions o, BenchCluster cluster, String name, String type, boolean snapshot)
            throws Exception {
        BotgridNode node = cluster.local();
        ActorClient client = node.actors();
        ActorId id = ActorId.of(type, "recovery-1");
        int events = o.w2Events();
        Figures.progress(name + ": writing " + events + " events");
        int written = 0;
        while (written < events) {
            int n = Math.min(500, events - written);
            Int64Value reply = client.<Int64Value>ask(id, Int64Value.of(n), CALL).get(60, TimeUnit.SECONDS);
            written += n;
            if (reply.getValue() != written) {
                throw new IllegalStateException(id + " has " + reply.getValue() + " events, expected " + written);
            }
        }
        if (snapshot) {
            long snapshotSeq = awaitSnapshot(cluster.ignite(), id, (events / BenchTypes.SNAPSHOT_EVERY)
                    * (long) BenchTypes.SNAPSHOT_EVERY);
            Figures.count(name + ".snapshot_at", snapshotSeq, "events");
        }
        Figures.progress(name + ": " + (o.w2WarmupCycles() + o.w2Cycles()) + " passivate-and-call cycles");
        double[] nanos = new double[o.w2Cycles()];
        for (int i = 0; i < o.w2WarmupCycles() + o.w2Cycles(); i++) {
            if (!node.passivate(id).get(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(id + " was not active before passivation");
            }
            Thread.sleep(50); // the activation's directory entry is released in the background
            if (node.isActive(id)) {
                throw new IllegalStateException(id + " is still active after passivation");
            }
            long start = System.nanoTime();
            Int64Value reply = client.<Int64Value>ask(id, Int64Value.of(0), CALL).get(60, TimeUnit.SECONDS);
            long took = System.nanoTime() - start;
            if (reply.getValue() != events) {
                throw new IllegalStateException(id + " recovered " + reply.getValue() + " events, expected "
                        + events);
            }
            if (i >= o.w2WarmupCycles()) {
                nanos[i - o.w2WarmupCycles()] = took;
            }
        }
        Arrays.sort(nanos);
        Figures.millis(name + ".p50", percentile(nanos, 50));
        Figures.millis(name + ".p99", percentile(nanos, 99));
        Figures.millis(name + ".min", nanos[0]);
        Figures.millis(name + ".max", nanos[nanos.length - 1]);
    }

    /** Waits until the snapshot store holds a snapshot of {@code id} at {@code seq} (snapshots are written async). */
    private static long awaitSnapshot(Ignite ignite, ActorId id, long seq) throws Exception {
        if (seq == 0) {
            return 0;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long found = -1;
        while (System.nanoTime() - deadline < 0) {
            found = BenchInternals.snapshotSeq(ignite, id);
            if (found == seq) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no snapshot of " + id + " at #" + seq + " within 30 s (latest: #" + found
                + ")");
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
