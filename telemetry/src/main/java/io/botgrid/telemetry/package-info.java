/**
 * Botgrid's telemetry: the Prometheus metrics every node exports. Each node owns its own
 * {@link io.prometheus.metrics.model.registry.PrometheusRegistry} so that several nodes in one JVM (the test kit) keep
 * their figures apart.
 */
package io.botgrid.telemetry;
