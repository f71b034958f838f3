package io.botgrid.bench;

import com.google.protobuf.BytesValue;
import java.util.concurrent.TimeoutException;

/**
 * W1 event-sourced: type {@value BenchTypes#JOURNAL} persists each command's payload ({@code --event-bytes}) as one
 * event and replies once it is durable. Priming sends an empty command, which persists nothing. Also prints the
 * events acknowledged in the measured phase and the journal entries in the cluster afterwards.
 */
final class EventSourcedWorkload implements ClusterWorkload {
    @Override
    public String name() {
        return "w1";
    }

    @Override
    public ClosedLoop.Result run(BenchContext context, BenchCluster cluster, ClosedLoop loop, String figureName)
            throws TimeoutException {
        ClosedLoop.Result r = LocalActorLoad.run(context, cluster, loop, figureName, BenchTypes.JOURNAL,
                BytesValue.getDefaultInstance(), BenchTypes.payloads(context.options().eventBytes()));
        Figures.count(figureName + ".events_written", r.ok(), "events");
        Figures.count(figureName + ".journal_entries", BenchInternals.journalEntries(cluster.ignite()), "events");
        return r;
    }
}
