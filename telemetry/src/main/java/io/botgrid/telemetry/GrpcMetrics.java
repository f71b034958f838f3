package io.botgrid.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The gRPC front's server-side metrics: calls by full method name and status code, and their latency.
 *
 * <p>Label values are bounded: the method is one of the services' declared methods (an unknown one is answered
 * UNIMPLEMENTED by grpc-java before any interceptor runs), the code one of gRPC's 17.
 */
public final class GrpcMetrics {
    private final Counter calls;
    private final Histogram latency;

    GrpcMetrics(PrometheusRegistry registry) {
        calls = Counter.builder().name("botgrid_grpc_server_calls_total")
                .help("gRPC calls answered by this node's front, by method and status code")
                .labelNames("method", "code").register(registry);
        latency = Histogram.builder().name("botgrid_grpc_server_call_duration_seconds")
                .help("Time from a gRPC call's start to its status, by method")
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
                .labelNames("method").register(registry);
    }

    /** One call ended with {@code code} after {@code nanos}. */
    public void call(String method, String code, long nanos) {
        calls.labelValues(method, code).inc();
        latency.labelValues(method).observe(nanos / 1e9);
    }
}
