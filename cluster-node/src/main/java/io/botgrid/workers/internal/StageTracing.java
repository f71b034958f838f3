package io.botgrid.workers.internal;

import io.botgrid.workers.StageObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The spans and metrics of chain stages: one span per item a stage (or the end function) handles, child of the span
 * of the stage that produced the item (or of the push's caller), so one pushed item's handling is one trace across
 * the chain and, through the push's {@code traceparent}, across nodes. Times come from the engine's clock (tests
 * drive it), and the span carries the item's queue wait as {@code botgrid.stage.wait_ns}: the autoscaler's span
 * processor reads both.
 */
final class StageTracing {
    /** The instrumentation scope of the stage spans: what the autoscaler's span processor selects on. */
    static final String SCOPE = "io.botgrid.workers";
    static final AttributeKey<String> CHAIN = AttributeKey.stringKey("botgrid.chain");
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("botgrid.stage");
    static final AttributeKey<String> WORKER = AttributeKey.stringKey("botgrid.worker");
    static final AttributeKey<String> NODE = AttributeKey.stringKey("botgrid.node");
    static final AttributeKey<Long> WAIT_NS = AttributeKey.longKey("botgrid.stage.wait_ns");
    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");

    private final Tracer tracer;
    private final StageObserver observer;
    private final Clock clock;
    private final String node;

    StageTracing(OpenTelemetry openTelemetry, StageObserver observer, Clock clock, String node) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.observer = observer;
        this.clock = clock;
        this.node = node;
    }

    long now() {
        Instant i = clock.instant();
        return TimeUnit.SECONDS.toNanos(i.getEpochSecond()) + i.getNano();
    }

    /** The span of {@code item}'s handling by {@code workerId}, started now. */
    Span begin(String chain, String stage, String workerId, Item item, long startNanos) {
        long wait = item.enqueuedAtNanos() == 0 ? 0 : Math.max(0, startNanos - item.enqueuedAtNanos());
        return tracer.spanBuilder("stage " + stage).setParent(item.context()).setSpanKind(SpanKind.CONSUMER)
                .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
                .setAttribute(MESSAGING_SYSTEM, "botgrid").setAttribute(MESSAGING_OPERATION, "process")
                .setAttribute(MESSAGING_DESTINATION, chain + "/" + stage)
                .setAttribute(CHAIN, chain).setAttribute(STAGE, stage).setAttribute(WORKER, workerId)
                .setAttribute(NODE, node).setAttribute(WAIT_NS, wait)
                .startSpan();
    }

    /** Ends the handling span and tells the metrics; returns the end time. */
    long end(String chain, String stage, Span span, Item item, long startNanos, Throwable error) {
        long endNanos = now();
        if (error != null) {
            span.setStatus(StatusCode.ERROR, Cell.describe(error));
            span.recordException(error);
        }
        span.end(endNanos, TimeUnit.NANOSECONDS);
        long wait = item.enqueuedAtNanos() == 0 ? 0 : Math.max(0, startNanos - item.enqueuedAtNanos());
        try {
            observer.handled(chain, stage, Math.max(0, endNanos - startNanos), wait, error != null);
        } catch (RuntimeException e) {
            System.getLogger(StageTracing.class.getName()).log(System.Logger.Level.WARNING,
                    "stage observer threw", e);
        }
        return endNanos;
    }
}
