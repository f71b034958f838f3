package io.botgrid.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The driver's settings, parsed and checked ({@link DriverOptions} reads them from the command line).
 *
 * @param workloads the workloads to run, of {@link #WORKLOADS}
 * @param transports remote transports; each gets fresh clusters
 * @param warmup warm-up before each measured phase
 * @param measure length of each measured phase
 * @param keys actor keys per workload
 * @param concurrency requests outstanding
 * @param eventBytes size of a W1 event, of a baseline value and of an echo payload
 * @param w2Events events in the W2 actor's journal
 * @param w2Cycles measured passivate-and-call cycles per W2 variant
 * @param w2WarmupCycles unmeasured cycles before them
 * @param dataRegionMb off-heap data region of each node, MiB
 * @param journalMaxInFlight group-commit journal writes outstanding per node; 0 keeps the node default
 * @param nodeHeap heap of each child node JVM
 * @param grpcClientThreads W3: threads of the gRPC client's channel executor
 * @param workDir where the temporary data folders go; null for the system temporary folder
 * @param timeout when the watchdog halts the run; null for {@link #plannedTimeout()}
 * @param tracing tracing modes W0 and W1 run under, each on a fresh cluster: {@code off}, or a sampling percentage
 *     ({@code 1%}, {@code 100%}) into an in-process exporter; just {@code off} is the plain run
 * @param w1OpenLoop after W1's closed loop, an open-loop W1 phase offering this fraction of the closed loop's
 *     throughput (latency from the intended send time); 0 for none
 * @param w1OpenLoopRate the open-loop phase's offered rate in calls per second instead of the fraction; 0 to use the
 *     fraction (a fixed rate lets two builds be compared at the same load)
 * @param w1Follows live follows of other actors held open on node 1 while W1 runs
 */
record BenchOptions(List<String> workloads, List<Transport> transports, Duration warmup, Duration measure, int keys,
                    int concurrency, int eventBytes, int w2Events, int w2Cycles, int w2WarmupCycles,
                    int dataRegionMb, int journalMaxInFlight, String nodeHeap, int grpcClientThreads, Path workDir,
                    Duration timeout, List<TracingMode> tracing, double w1OpenLoop,
                    double w1OpenLoopRate, int w1Follows) {
    /** The workload names {@code --workloads} accepts, in the order they run. */
    static final List<String> WORKLOADS = List.of("w0", "w1", "w1fsync", "w2", "w3", "w6a", "baseline");

    BenchOptions {
        workloads = List.copyOf(workloads);
        transports = List.copyOf(transports);
        tracing = List.copyOf(tracing);
    }

    /** Whether W0 and W1 run once per tracing mode (a tracing-cost run) rather than once, untraced. */
    boolean tracingCost() {
        return tracing.size() > 1 || !tracing.get(0).isOff();
    }

    boolean has(String workload) {
        return workloads.contains(workload);
    }

    /** {@link #timeout} if given, else {@link #plannedTimeout()}. */
    Duration watchdogLimit() {
        return timeout != null ? timeout : plannedTimeout();
    }

    /** 10 minutes plus three times the warm-up and measured time of every timed phase the run plans. */
    Duration plannedTimeout() {
        int timed = 0;
        for (int t = 0; t < transports.size(); t++) {
            timed += (has("w0") ? 1 : 0) + (has("w6a") ? 1 : 0) + (has("w1") ? 1 : 0) + (has("baseline") ? 1 : 0)
                    + (has("w1") && (w1OpenLoop > 0 || w1OpenLoopRate > 0) ? 1 : 0)
                    + (has("w1fsync") ? 1 + (has("baseline") ? 1 : 0) : 0) + (has("w3") ? 1 : 0);
        }
        timed += has("w3") ? 1 : 0; // the echo
        if (tracingCost()) {
            timed += transports.size() * (tracing.size() - 1) * ((has("w0") ? 1 : 0) + (has("w1") ? 1 : 0));
        }
        return Duration.ofMinutes(10).plus(warmup.plus(measure).multipliedBy(3L * timed));
    }
}
