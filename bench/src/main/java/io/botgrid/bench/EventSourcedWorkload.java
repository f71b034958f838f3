package io.botgrid.bench;

import com.google.protobuf.BytesValue;
import java.util.concurrent.TimeoutException;

/**
 * W1 event-sourced: type {@value BenchTypes#JOURNAL} persists each command's payload ({@code --event-bytes}) as one
 * event and replies once it is durable. Priming sends an empty command, which persists nothing. Also prints the
 * events acknowledged in the measured phase and the journal entries in the cluster afterwards. With
 * {@code --w1-open-loop f} (default 0.5) an open-loop phase follows ({@code <name>.open_loop.*}): the same calls
 * offered at {@code f} × the closed loop's throughput, latency from each call's intended send time. With
 * {@code --w1-follows n}, {@code n} live follows of other actors stay open on node 1 meanwhile ({@link OpenFollows}).
 */
final class EventSourcedWorkload implements ClusterWorkload {
    @Override
    public String name() {
        return "w1";
    }

    @Override
    public ClosedLoop.Result run(BenchContext context, BenchCluster cluster, ClosedLoop loop, String figureName)
            throws TimeoutException {
        int follows = context.options().w1Follows();
        if (follows == 0) {
            return runLoops(context, cluster, loop, figureName);
        }
        try (OpenFollows open = OpenFollows.open(cluster.local(), follows, BenchTypes.JOURNAL)) {
            Figures.count(figureName + ".follows", follows, "follows");
            ClosedLoop.Result r = runLoops(context, cluster, loop, figureName);
            Figures.count(figureName + ".follows.entries", open.entries(), "events");
            return r;
        }
    }

    private ClosedLoop.Result runLoops(BenchContext context, BenchCluster cluster, ClosedLoop loop,
                                       String figureName) throws TimeoutException {
        ClosedLoop.Result r = LocalActorLoad.run(context, cluster, loop, figureName, BenchTypes.JOURNAL,
                BytesValue.getDefaultInstance(), BenchTypes.payloads(context.options().eventBytes()));
        Figures.count(figureName + ".events_written", r.ok(), "events");
        double fraction = context.options().w1OpenLoop();
        double fixedRate = context.options().w1OpenLoopRate();
        if ((fraction > 0 || fixedRate > 0) && r.ok() > 0 && !context.options().tracingCost()) {
            LocalActorLoad.runOpenLoop(context, cluster, loop, figureName + ".open_loop", BenchTypes.JOURNAL,
                    BenchTypes.payloads(context.options().eventBytes()),
                    fixedRate > 0 ? fixedRate : r.throughput() * fraction);
        }
        Figures.count(figureName + ".journal_entries", BenchInternals.journalEntries(cluster.ignite()), "events");
        return r;
    }
}
