package io.botgrid.bench;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One tracing mode of the tracing-cost run: off (the no-op API, as a node without tracing runs), or a share of
 * requests sampled (parent-based ratio, as the node configures it) through a batch span processor into an in-process
 * exporter that counts the spans and drops them, so the figure is the cost of recording, not of a network.
 *
 * @param percent sampled share in percent; negative for off
 */
record TracingMode(double percent) {
    static final TracingMode OFF = new TracingMode(-1);

    static TracingMode parse(String text) {
        String t = text.trim();
        if (t.equals("off")) {
            return OFF;
        }
        if (t.endsWith("%")) {
            try {
                double p = Double.parseDouble(t.substring(0, t.length() - 1));
                if (p > 0 && p <= 100) {
                    return new TracingMode(p);
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("a mode is off or a percentage in (0, 100] such as 1% or 100%, got '"
                + text + "'");
    }

    boolean isOff() {
        return percent < 0;
    }

    /** The figure-name suffix: {@code _trace_off}, {@code _trace_1pct}, {@code _trace_100pct}. */
    String suffix() {
        if (isOff()) {
            return "_trace_off";
        }
        String p = percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent)
                .replace('.', '_');
        return "_trace_" + p + "pct";
    }

    /** A fresh SDK for this mode, or the no-op API for off. */
    Sdk start() {
        if (isOff()) {
            return new Sdk(OpenTelemetry.noop(), null, new CountingExporter());
        }
        CountingExporter exporter = new CountingExporter();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(percent / 100.0)))
                        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new Sdk(sdk, sdk, exporter);
    }

    /** The OpenTelemetry of one mode and what its exporter counted; closing twice is fine. */
    static final class Sdk implements AutoCloseable {
        private final OpenTelemetry api;
        private final OpenTelemetrySdk sdk;
        private final CountingExporter exporter;
        private boolean closed;

        Sdk(OpenTelemetry api, OpenTelemetrySdk sdk, CountingExporter exporter) {
            this.api = api;
            this.sdk = sdk;
            this.exporter = exporter;
        }

        OpenTelemetry api() {
            return api;
        }

        CountingExporter exporter() {
            return exporter;
        }

        /** Exports every span still buffered and stops the SDK, so the exporter's count is complete. */
        void finish() {
            close();
        }

        @Override
        public void close() {
            if (sdk != null && !closed) {
                closed = true;
                sdk.close();
            }
        }
    }

    /** Counts exported spans and keeps none. */
    static final class CountingExporter implements SpanExporter {
        final AtomicLong spans = new AtomicLong();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAndGet(batch.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
