package io.botgrid.bench;

/**
 * The timed part every closed-loop workload shares: warm-up, then the measured phase with a {@link Probe} around
 * it, on keys drawn uniformly from {@code --keys}; then the figures ({@link Figures#load}).
 */
final class MeasuredPhase {
    private MeasuredPhase() {
    }

    static ClosedLoop.Result run(String name, ClosedLoop loop, ClosedLoop.Operation operation, BenchOptions options,
                                 Probe probe) {
        Figures.progress(name + ": warm-up " + options.warmup().toMillis() + " ms, then measuring "
                + options.measure().toMillis() + " ms");
        ClosedLoop.Result r = loop.runTimed(operation, ClosedLoop.Keys.uniform(options.keys()), options.warmup(),
                options.measure(), probe::start, probe::end);
        Figures.load(name, r, probe.window());
        return r;
    }

    /**
     * The open-loop variant: {@code rate} operations a second whatever the earlier ones do, latency from each one's
     * intended send time ({@link ClosedLoop#runOpenLoop}); prints {@code name.offered_rate} and {@code name.unsent}
     * besides the usual figures.
     */
    static ClosedLoop.Result runOpenLoop(String name, ClosedLoop loop, ClosedLoop.Operation operation, double rate,
                                         BenchOptions options, Probe probe) {
        Figures.progress(name + ": open loop at " + Math.round(rate) + " ops/s, warm-up " + options.warmup().toMillis()
                + " ms, then measuring " + options.measure().toMillis() + " ms");
        ClosedLoop.Result r = loop.runOpenLoop(operation, ClosedLoop.Keys.uniform(options.keys()), rate,
                options.warmup(), options.measure(), probe::start, probe::end);
        Figures.figure(name + ".offered_rate", rate, "ops/s");
        Figures.load(name, r, probe.window());
        Figures.count(name + ".unsent", r.unsent(), "ops");
        return r;
    }
}
