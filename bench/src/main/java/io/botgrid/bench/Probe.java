package io.botgrid.bench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads, over one measured window, the CPU time of each process taking part, this JVM's GC time and, when node 1 runs
 * in this JVM, node 1's group-commit journal writes. {@link ClosedLoop#runTimed} calls {@link #start} and
 * {@link #end} right at the edges of the measured phase, so the figures cover the same window as the load's.
 */
final class Probe {
    /** A process whose CPU time is printed as {@code .cpu.<label>}; {@code nanos} returns -1 if unknown. */
    record Process(String label, LongSupplier nanos) {
    }

    /** CPU a process used over the window, in nanoseconds; -1 if unknown. */
    record CpuUse(String label, long nanos) {
    }

    /**
     * Node 1's group-commit journal writes over the window: how many batches, the events in them, and how many
     * writes were timed and the seconds they took.
     */
    record JournalWrites(double writes, double events, double timedWrites, double seconds) {
    }

    /** What the probe saw over the window; {@code journal} is null when no node runs in this JVM. */
    record Window(List<CpuUse> cpu, String gcLabel, long gcMillis, JournalWrites journal) {
    }

    private final List<Process> processes;
    private final String gcLabel;
    private final PrometheusRegistry journalMetrics;
    private long[] cpuAtStart;
    private long gcAtStart;
    private double[] journalAtStart;
    private Window window;

    private Probe(List<Process> processes, String gcLabel, PrometheusRegistry journalMetrics) {
        this.processes = List.copyOf(processes);
        this.gcLabel = gcLabel;
        this.journalMetrics = journalMetrics;
    }

    /** A cluster whose node 1 is this JVM ({@code node1}, GC and journal) and the others child JVMs. */
    static Probe of(BenchCluster cluster) {
        List<Process> processes = new ArrayList<>();
        processes.add(new Process("node1", Jvm::processCpuNanos));
        for (int i = 0; i < cluster.children().size(); i++) {
            processes.add(child("node" + (i + 2), cluster.children().get(i)));
        }
        return new Probe(processes, "node1", cluster.local().metrics().registry());
    }

    /** Servers in child JVMs, labelled in order by {@code labels}, and this JVM as their client. */
    static Probe ofClient(List<ChildNode> servers, List<String> labels) {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            processes.add(child(labels.get(i), servers.get(i)));
        }
        processes.add(new Process("client", Jvm::processCpuNanos));
        return new Probe(processes, "client", null);
    }

    private static Process child(String label, ChildNode child) {
        return new Process(label, () -> child.cpuTime().map(Duration::toNanos).orElse(-1L));
    }

    void start() {
        cpuAtStart = new long[processes.size()];
        for (int i = 0; i < cpuAtStart.length; i++) {
            cpuAtStart[i] = processes.get(i).nanos().getAsLong();
        }
        gcAtStart = Jvm.gcMillis();
        journalAtStart = journalTotals();
    }

    void end() {
        List<CpuUse> cpu = new ArrayList<>();
        for (int i = 0; i < cpuAtStart.length; i++) {
            long now = processes.get(i).nanos().getAsLong();
            cpu.add(new CpuUse(processes.get(i).label(),
                    cpuAtStart[i] < 0 || now < 0 ? -1 : now - cpuAtStart[i]));
        }
        long gc = Jvm.gcMillis() - gcAtStart;
        double[] journal = journalTotals();
        JournalWrites writes = journal == null ? null : new JournalWrites(journal[0] - journalAtStart[0],
                journal[1] - journalAtStart[1], journal[2] - journalAtStart[2], journal[3] - journalAtStart[3]);
        window = new Window(List.copyOf(cpu), gcLabel, gc, writes);
    }

    /** What the last {@link #start}–{@link #end} window saw. */
    Window window() {
        if (window == null) {
            throw new IllegalStateException("the probe has not seen a whole window");
        }
        return window;
    }

    /**
     * Node 1's journal histograms so far: count and sum of the events per write, then count and sum of the write
     * seconds; null without a node in this JVM.
     */
    private double[] journalTotals() {
        if (journalMetrics == null) {
            return null;
        }
        double[] totals = new double[4];
        for (MetricSnapshot m : journalMetrics.scrape()) {
            int at = switch (m.getMetadata().getPrometheusName()) {
                case "botgrid_journal_batch_events" -> 0;
                case "botgrid_journal_write_seconds" -> 2;
                default -> -1;
            };
            if (at >= 0 && m instanceof HistogramSnapshot h) {
                for (HistogramSnapshot.HistogramDataPointSnapshot p : h.getDataPoints()) {
                    totals[at] += p.getCount();
                    totals[at + 1] += p.getSum();
                }
            }
        }
        return totals;
    }
}
