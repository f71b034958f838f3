package io.botgrid.node.internal;

import io.botgrid.workers.autoscale.StageLatencies;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Objects;

/**
 * The autoscaler's view of the chain stages' spans: an OpenTelemetry span processor that, for every ended span of the
 * workers' instrumentation scope, adds its duration (handling) and its {@code botgrid.stage.wait_ns} (queue wait) to
 * {@link StageLatencies}. In-process: nothing is polled from a collector.
 *
 * <p>{@link #recordingStages} wraps the node's sampler so that stage spans the ratio sampler would drop are still
 * <em>recorded</em> (not exported): the autoscaler sees every item's latency whatever the sampling ratio, while the
 * exporter gets only sampled traces.
 */
public final class StageSpanProcessor implements SpanProcessor {
    static final String SCOPE = "io.botgrid.workers";
    static final AttributeKey<String> CHAIN = AttributeKey.stringKey("botgrid.chain");
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("botgrid.stage");
    static final AttributeKey<Long> WAIT_NS = AttributeKey.longKey("botgrid.stage.wait_ns");

    private final StageLatencies latencies;

    public StageSpanProcessor(StageLatencies latencies) {
        this.latencies = Objects.requireNonNull(latencies, "latencies");
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (!SCOPE.equals(span.getInstrumentationScopeInfo().getName())) {
            return;
        }
        String chain = span.getAttribute(CHAIN);
        String stage = span.getAttribute(STAGE);
        if (chain == null || stage == null) {
            return;
        }
        Long wait = span.getAttribute(WAIT_NS);
        latencies.record(chain, stage, span.getLatencyNanos(), wait == null ? 0 : wait);
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    /** {@code delegate}, except that a chain stage span it would drop is recorded (not sampled, not exported). */
    public static Sampler recordingStages(Sampler delegate) {
        return new Sampler() {
            @Override
            public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                               Attributes attributes, List<LinkData> parentLinks) {
                SamplingResult r = delegate.shouldSample(parentContext, traceId, name, spanKind, attributes,
                        parentLinks);
                if (r.getDecision() == SamplingDecision.DROP && attributes.get(CHAIN) != null) {
                    return SamplingResult.recordOnly();
                }
                return r;
            }

            @Override
            public String getDescription() {
                return "RecordingChainStages{" + delegate.getDescription() + "}";
            }
        };
    }
}
