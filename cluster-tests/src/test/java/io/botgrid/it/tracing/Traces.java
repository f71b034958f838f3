package io.botgrid.it.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** An SDK that keeps every span in memory, and the look-ups the tracing tests make in what it kept. */
final class Traces implements AutoCloseable {
    static final AttributeKey<String> NODE = AttributeKey.stringKey("botgrid.node");

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    /** Spans of one trace finished so far. */
    List<SpanData> trace(String traceId) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    Optional<SpanData> find(Predicate<SpanData> p) {
        return exporter.getFinishedSpanItems().stream().filter(p).findFirst();
    }

    /** The one span of {@code trace} named {@code name} and of {@code kind}. */
    static SpanData one(List<SpanData> trace, String name, SpanKind kind) {
        List<SpanData> found = trace.stream().filter(s -> s.getName().equals(name) && s.getKind() == kind).toList();
        assertThat(found).as("spans named '%s' (%s) in %s", name, kind, names(trace)).hasSize(1);
        return found.get(0);
    }

    /** Asserts that {@code child} is a direct child of {@code parent} in the same trace. */
    static void assertChild(SpanData parent, SpanData child) {
        assertThat(child.getTraceId()).as("trace of %s", child.getName()).isEqualTo(parent.getTraceId());
        assertThat(child.getParentSpanId()).as("parent of '%s' is '%s'", child.getName(), parent.getName())
                .isEqualTo(parent.getSpanId());
    }

    static List<String> names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getName() + "(" + s.getKind() + ")").toList();
    }

    @Override
    public void close() {
        sdk.close();
    }
}
