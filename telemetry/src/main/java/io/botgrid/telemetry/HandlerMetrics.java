package io.botgrid.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Bot handlers' metrics by handler kind (the installed handler's name: {@code rules}, {@code echo},
 * {@code webhook}, a plugin's name — bounded by what the node has installed, never a bot id).
 */
public final class HandlerMetrics {
    private final Histogram latency;
    private final Counter errors;

    HandlerMetrics(PrometheusRegistry registry) {
        latency = Histogram.builder().name("botgrid_handler_duration_seconds")
                .help("Time a bot handler took to answer one message, by handler kind")
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .labelNames("handler").register(registry);
        errors = Counter.builder().name("botgrid_handler_errors_total")
                .help("Bot handler calls that failed (threw, timed out or answered an error), by handler kind")
                .labelNames("handler").register(registry);
    }

    /** Creates the series of the installed handlers at zero. */
    public void declare(Iterable<String> handlers) {
        for (String h : handlers) {
            latency.labelValues(h);
            errors.labelValues(h);
        }
    }

    /** A handler answered after {@code nanos}. */
    public void handled(String handler, long nanos) {
        latency.labelValues(handler).observe(nanos / 1e9);
    }

    /** A handler failed after {@code nanos}. */
    public void failed(String handler, long nanos) {
        latency.labelValues(handler).observe(nanos / 1e9);
        errors.labelValues(handler).inc();
    }
}
