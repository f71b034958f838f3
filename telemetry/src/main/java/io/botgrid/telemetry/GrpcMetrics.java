package io.botgrid.telemetry;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gRPC front's server-side metrics: calls by full method name and status code, and their latency.
 *
 * <p>Label values are bounded: the method is one of the services' declared methods (an unknown one is answered
 * UNIMPLEMENTED by grpc-java before any interceptor runs), the code one of gRPC's 17.
 *
 * <p>The series of each method are looked up once and kept: {@code labelValues} builds a label list and searches the
 * metric's map on every call, which the front would otherwise pay twice per call.
 */
public final class GrpcMetrics {
    private final Counter calls;
    private final Histogram latency;
    private final ConcurrentMap<String, MethodSeries> byMethod = new ConcurrentHashMap<>();

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

    /**
     * One call ended with status code number {@code code} (gRPC's 0 to 16; its name is {@code codeName}) after
     * {@code nanos}; the same series as {@link #call(String, String, long)}, found without a lookup.
     */
    public void call(String method, int code, String codeName, long nanos) {
        MethodSeries series = byMethod.get(method);
        if (series == null) {
            series = byMethod.computeIfAbsent(method, m -> new MethodSeries(latency.labelValues(m)));
        }
        if (code < 0 || code >= MethodSeries.CODES) {
            call(method, codeName, nanos);
            return;
        }
        CounterDataPoint counter = series.calls.get(code);
        if (counter == null) {
            counter = calls.labelValues(method, codeName);
            series.calls.set(code, counter);
        }
        counter.inc();
        series.latency.observe(nanos / 1e9);
    }

    /** A method's latency series and its call counters by code number, filled as codes occur. */
    private static final class MethodSeries {
        static final int CODES = 17;
        final DistributionDataPoint latency;
        final AtomicReferenceArray<CounterDataPoint> calls = new AtomicReferenceArray<>(CODES);

        MethodSeries(DistributionDataPoint latency) {
            this.latency = latency;
        }
    }
}
