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
}
