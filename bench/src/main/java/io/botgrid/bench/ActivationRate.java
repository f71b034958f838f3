package io.botgrid.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The activation rate: before an actor workload warms up, every key is called once, in order, {@code concurrency} at
 * a time, so each call activates its actor and the measured phase sees live activations. Printed as
 * {@code name.activation_rate} and {@code name.activation.p50/.p99} (and {@code .activation.errors} if any); the same
 * for W0 and W1 through node 1 and for W3 through the SDK.
 */
final class ActivationRate {
    private ActivationRate() {
    }

    /** Primes {@code keys} actors with {@code prime} on {@code loop} and prints the figures under {@code name}. */
    static ClosedLoop.Result prime(String name, ClosedLoop loop, int keys, String how, ClosedLoop.Operation prime)
            throws TimeoutException {
        Figures.progress(name + ": priming " + keys + " actors" + how);
        ClosedLoop.Result primed = loop.runOnce(prime, ClosedLoop.Keys.sequential(keys), Duration.ofMinutes(5));
        Figures.figure(name + ".activation_rate", keys * 1e9 / primed.nanos(), "activations/s");
        Figures.millis(name + ".activation.p50", primed.latency().getValueAtPercentile(50));
        Figures.millis(name + ".activation.p99", primed.latency().getValueAtPercentile(99));
        if (primed.errors() > 0) {
            Figures.count(name + ".activation.errors", primed.errors(), "calls");
            Figures.progress(name + ": first priming error: " + primed.firstError());
        }
        return primed;
    }
}
