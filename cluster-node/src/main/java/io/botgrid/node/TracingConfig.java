package io.botgrid.node;

/**
 * The node's tracing setup, from the {@code tracing*} keys of its configuration. The standard {@code OTEL_*}
 * environment variables (and {@code otel.*} system properties) override each key, so an operator can turn tracing on
 * or re-point it without touching the YAML.
 *
 * @param serviceInstance the node's name, recorded as {@code service.instance.id} on every span
 * @param exporter {@code none} (tracing off) or {@code otlp} (OTLP over gRPC)
 * @param endpoint the collector's address, or null for OpenTelemetry's default
 * @param sampleRatio the share of new traces recorded (parent-based: a traced caller's decision is followed)
 */
public record TracingConfig(String serviceInstance, String exporter, String endpoint, double sampleRatio) {
}
