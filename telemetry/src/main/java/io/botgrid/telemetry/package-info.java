/**
 * Botgrid's telemetry: the Prometheus metrics every node exports ({@link io.botgrid.telemetry.NodeTelemetry} and its
 * metric groups), the observability port ({@link io.botgrid.telemetry.MetricsServer}: {@code /metrics},
 * {@code /health/live}, {@code /health/ready}), named health checks, and sampled events
 * ({@link io.botgrid.telemetry.Events}). Each node owns its own
 * {@link io.prometheus.metrics.model.registry.PrometheusRegistry} so that several nodes in one JVM (the test kit)
 * keep their figures apart. The implementation of the events lives in {@code internal}.
 */
package io.botgrid.telemetry;
