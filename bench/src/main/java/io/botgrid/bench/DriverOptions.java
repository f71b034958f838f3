package io.botgrid.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The driver's command-line options (a picocli mixin of {@link WorkloadDriver}); {@link #toOptions} checks them and
 * yields the immutable {@link BenchOptions} the workloads read. Option names and defaults are those of
 * {@code docs/benchmarks.md}.
 */
final class DriverOptions {
    @Option(names = "--workloads", split = ",", defaultValue = "w0,w1,w1fsync,w2,w3,w6a,baseline",
            description = "Workloads to run, of w0, w1, w1fsync, w2, w3, w6a, baseline (default: ${DEFAULT-VALUE}).")
    private List<String> workloads;

    @Option(names = "--transport", split = ",", defaultValue = "messaging,compute",
            description = "Remote transports to measure, of messaging, compute; each gets fresh clusters. Figures of "
                    + "compute carry the suffix _compute (default: ${DEFAULT-VALUE}).")
    private List<Transport> transports;

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
            description = "Warm-up before each measured phase, e.g. 10s, 500ms (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--measure", defaultValue = "20s", converter = DurationConverter.class,
            description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
    private Duration measure;

    @Option(names = "--keys", defaultValue = "10000", description = "Actor keys (default: ${DEFAULT-VALUE}).")
    private int keys;

    @Option(names = "--concurrency", defaultValue = "64",
            description = "Requests outstanding (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--event-bytes", defaultValue = "100",
            description = "Size of a W1 event and of a baseline value (default: ${DEFAULT-VALUE}).")
    private int eventBytes;

    @Option(names = "--w2-events", defaultValue = "10000",
            description = "Events in the W2 actor's journal (default: ${DEFAULT-VALUE}).")
    private int w2Events;

    @Option(names = "--w2-cycles", defaultValue = "20",
            description = "Measured passivate-and-call cycles per W2 variant (default: ${DEFAULT-VALUE}).")
    private int w2Cycles;

    @Option(names = "--w2-warmup-cycles", defaultValue = "5",
            description = "Unmeasured cycles before them (default: ${DEFAULT-VALUE}).")
    private int w2WarmupCycles;

    @Option(names = "--data-region-mb", defaultValue = "1024",
            description = "Off-heap data region of each node, MiB (default: ${DEFAULT-VALUE}).")
    private int dataRegionMb;

    @Option(names = "--journal-max-in-flight", defaultValue = "0",
            description = "Group-commit journal writes outstanding per node; 0 keeps the node default "
                    + "(default: ${DEFAULT-VALUE}).")
    private int journalMaxInFlight;

    @Option(names = "--node-heap", defaultValue = "2g",
            description = "Heap of each child node JVM (default: ${DEFAULT-VALUE}).")
    private String nodeHeap;

    @Option(names = "--grpc-client-threads", defaultValue = "2",
            description = "W3: threads of the gRPC client's channel executor, for the SDK (its threads(n), whose "
                    + "default is 2) and the echo client alike (default: ${DEFAULT-VALUE}).")
    private int grpcClientThreads;

    @Option(names = "--work-dir", description = "Where the temporary data folders go (default: the system "
            + "temporary folder). They are deleted at the end.")
    private Path workDir;

    @Option(names = "--tracing", split = ",", defaultValue = "off",
            description = "Tracing modes to run W0 and W1 under, each on a fresh cluster, e.g. off,1%%,100%%: off, "
                    + "or the share of requests sampled (parent-based ratio) into an in-process exporter on node 1, "
                    + "where the calls start; prints the throughput ratio of each mode to off (default: "
                    + "${DEFAULT-VALUE}: one untraced run).")
    private List<String> tracing;

    @Option(names = "--timeout", converter = DurationConverter.class,
            description = "Halt the run (and kill its node processes) after this long (default: 10 min plus three "
                    + "times the planned warm-up and measured time).")
    private Duration timeout;

    @Option(names = "--w1-open-loop", defaultValue = "0.5",
            description = "After W1's closed loop, an open-loop W1 phase at this fraction of its throughput (latency "
                    + "from the intended send time); 0 for none (default: ${DEFAULT-VALUE}).")
    double w1OpenLoop;

    @Option(names = "--w1-open-loop-rate", defaultValue = "0",
            description = "The open-loop phase's offered rate in calls per second instead of a fraction of the "
                    + "closed loop's throughput, to compare two builds at the same load; 0 uses --w1-open-loop "
                    + "(default: ${DEFAULT-VALUE}).")
    double w1OpenLoopRate;

    @Option(names = "--w1-follows", defaultValue = "0",
            description = "Live follows (FollowEvents' engine) of actors W1 does not write, held open on node 1 "
                    + "while W1 runs: what open follows cost other actors' writes (default: ${DEFAULT-VALUE}).")
    int w1Follows;

    /** The checked options; a {@link ParameterException} (usage and exit code 2) names what is wrong. */
    BenchOptions toOptions(CommandLine commandLine) {
        Set<String> unknown = new LinkedHashSet<>(workloads);
        unknown.removeAll(BenchOptions.WORKLOADS);
        if (!unknown.isEmpty()) {
            throw new ParameterException(commandLine, "unknown workload(s) " + unknown + "; known: "
                    + String.join(", ", BenchOptions.WORKLOADS));
        }
        if (transports.isEmpty()) {
            throw new ParameterException(commandLine, "--transport needs at least one of messaging, compute");
        }
        if (keys < 1 || concurrency < 1 || eventBytes < 1 || w2Events < 1 || w2Cycles < 1 || w2WarmupCycles < 0
                || journalMaxInFlight < 0 || grpcClientThreads < 1 || warmup.isNegative() || measure.isZero()
                || measure.isNegative() || !(w1OpenLoop >= 0) || w1OpenLoop > 10 || !(w1OpenLoopRate >= 0)
                || w1Follows < 0) {
            throw new ParameterException(commandLine, "--keys, --concurrency, --event-bytes, --w2-events, "
                    + "--w2-cycles, --grpc-client-threads and --measure must be positive; --warmup, "
                    + "--w2-warmup-cycles, --w1-open-loop-rate and --w1-follows not negative; --w1-open-loop in "
                    + "0..10");
        }
        return new BenchOptions(workloads, transports, warmup, measure, keys, concurrency, eventBytes, w2Events,
                w2Cycles, w2WarmupCycles, dataRegionMb, journalMaxInFlight, nodeHeap, grpcClientThreads, workDir,
                timeout, tracingModes(commandLine), w1OpenLoop, w1OpenLoopRate, w1Follows);
    }

    private List<TracingMode> tracingModes(CommandLine commandLine) {
        List<TracingMode> modes = new java.util.ArrayList<>();
        for (String t : tracing) {
            try {
                modes.add(TracingMode.parse(t));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, "--tracing: " + e.getMessage());
            }
        }
        if (modes.isEmpty() || modes.stream().distinct().count() != modes.size()) {
            throw new ParameterException(commandLine, "--tracing needs distinct modes, got " + tracing);
        }
        if (modes.size() > 1 && !modes.contains(TracingMode.OFF)) {
            throw new ParameterException(commandLine, "--tracing with several modes needs off (the reference), got "
                    + tracing);
        }
        return modes;
    }
}
