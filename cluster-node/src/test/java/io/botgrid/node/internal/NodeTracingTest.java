package io.botgrid.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.node.NodeConfig;
import io.botgrid.node.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.TracerProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node's tracing setup: off by default at no cost, on from its keys, and the standard environment wins. */
class NodeTracingTest {
    private static TracingConfig keys(String exporter, double ratio) {
        return NodeConfig.builder().nodeName("n1").tracingExporter(exporter).tracingSampleRatio(ratio)
                .tracingEndpoint("http://127.0.0.1:1").build().tracing();
    }

    @Test
    void exporterNoneIsTheNoOpApi() {
        try (NodeTracing t = NodeTracing.create(keys("none", 1.0), Map.<String, String>of()::get)) {
            assertThat(t.openTelemetry()).isSameAs(OpenTelemetry.noop());
        }
    }

    @Test
    void otlpBuildsAnSdkThatSamplesAtTheConfiguredRatio() {
        try (NodeTracing all = NodeTracing.create(keys("otlp", 1.0), Map.<String, String>of()::get);
             NodeTracing none = NodeTracing.create(keys("otlp", 0.0), Map.<String, String>of()::get)) {
            assertThat(all.openTelemetry().getTracerProvider()).isNotSameAs(TracerProvider.noop());
            assertThat(sampled(all.openTelemetry())).isTrue();
            assertThat(sampled(none.openTelemetry())).as("ratio 0 records no new trace").isFalse();
        }
    }

    @Test
    void theStandardEnvironmentOverridesTheKeys() {
        Map<String, String> env = Map.of("OTEL_TRACES_EXPORTER", "none");
        try (NodeTracing t = NodeTracing.create(keys("otlp", 1.0), env::get)) {
            assertThat(t.openTelemetry()).as("OTEL_TRACES_EXPORTER=none turns it off").isSameAs(OpenTelemetry.noop());
        }
        try (NodeTracing t = NodeTracing.create(keys("otlp", 1.0), Map.of("OTEL_SDK_DISABLED", "true")::get)) {
            assertThat(t.openTelemetry()).isSameAs(OpenTelemetry.noop());
        }
        try (NodeTracing t = NodeTracing.create(keys("none", 1.0), Map.of("OTEL_TRACES_EXPORTER", "otlp")::get)) {
            assertThat(t.openTelemetry()).as("OTEL_TRACES_EXPORTER=otlp turns it on").isNotSameAs(OpenTelemetry.noop());
        }
    }

    @Test
    void badKeysAreRefusedWithTheirName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeConfig.builder().nodeName("n")
                        .tracingExporter("jaeger").build())
                .hasMessageContaining("tracingExporter must be none or otlp, got jaeger");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeConfig.builder().nodeName("n")
                        .tracingSampleRatio(1.5).build())
                .hasMessageContaining("tracingSampleRatio must be 0-1, got 1.5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeConfig.builder().nodeName("n")
                        .tracingEndpoint("collector:4317").build())
                .hasMessageContaining("tracingEndpoint must be an http:// or https:// address");
    }

    private static boolean sampled(OpenTelemetry otel) {
        Span span = otel.getTracer("test").spanBuilder("probe").startSpan();
        try {
            return span.getSpanContext().isSampled();
        } finally {
            span.end();
        }
    }
}
