package io.botgrid.bench;

import io.botgrid.node.NodeConfig.WalMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every workload of a run shares: the options, the run's data folder and child-process registry, and the
 * failure bookkeeping of its sections.
 */
final class BenchContext {
    /** A part of the run that may fail. */
    interface Section {
        void run() throws Exception;
    }

    private final BenchOptions options;
    private final RunResources resources;
    /** Results of earlier workloads of the run, by figure name, for ratios between workloads. */
    private final Map<String, ClosedLoop.Result> results = new HashMap<>();
    private boolean failed;

    BenchContext(BenchOptions options, RunResources resources) {
        this.options = options;
        this.resources = resources;
    }

    BenchOptions options() {
        return options;
    }

    Path root() {
        return resources.root();
    }

    /** Registers a child process as soon as it is launched, so that it is killed on any exit. */
    void register(ChildNode child) {
        resources.register(child);
    }

    /**
     * The configuration of node {@code index} of cluster {@code label} (named {@code label-index}) whose port ranges
     * start at {@code ports} (see {@link BenchNodeConfig#freePorts()}), with its data under the run's folder and the
     * options' data region and journal setting.
     *
     * @param child whether the node runs in a child JVM (a critical failure then halts that JVM)
     */
    BenchNodeConfig node(String label, int index, int ports, WalMode wal, Transport transport, boolean child) {
        String name = label + "-" + index;
        return new BenchNodeConfig(name, root().resolve(name), ports, ports + BenchNodeConfig.PORT_RANGE + 1, wal,
                transport, options.dataRegionMb(), options.journalMaxInFlight(), child);
    }

    /** Launches a node in a child JVM with the options' heap and registers it; does not wait for it. */
    ChildNode startChild(BenchNodeConfig config, List<String> extraArgs) {
        ChildNode child = ChildNode.start(config, options.nodeHeap(), extraArgs);
        register(child);
        return child;
    }

    /** Runs one part of the benchmark; a failure is reported and the run goes on with the next part. */
    void section(String what, Section section) {
        try {
            section.run();
        } catch (Exception | AssertionError e) {
            failed = true;
            Figures.progress("FAILED: " + what + ": " + e);
            e.printStackTrace();
        }
    }

    /** Keeps a workload's result under its figure name, for later workloads' ratios against it. */
    void keep(String figureName, ClosedLoop.Result result) {
        results.put(figureName, result);
    }

    /** A result an earlier workload of this run kept under {@code figureName}, or null. */
    ClosedLoop.Result kept(String figureName) {
        return results.get(figureName);
    }

    /** Whether a section failed. */
    boolean failed() {
        return failed;
    }
}
