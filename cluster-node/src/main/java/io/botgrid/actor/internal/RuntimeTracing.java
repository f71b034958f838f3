package io.botgrid.actor.internal;

import io.botgrid.actor.ActorId;
import io.botgrid.util.Traceparent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;

/**
 * The runtime's spans, on the OpenTelemetry API only (the node hands in the SDK): an actor call on the calling node
 * (CLIENT), its processing on the owner (SERVER, continuing the caller's W3C {@code traceparent} carried in the
 * node-to-node {@code CallRequest}), the turn, and the journal append. Attributes follow the messaging conventions
 * ({@code messaging.system} = botgrid, the actor type as destination) plus {@code botgrid.actor.type} and
 * {@code botgrid.actor.key}.
 *
 * <p>When the node runs without tracing (the no-op provider) {@link #enabled} is false and every caller skips its
 * span work up front, so an untraced call costs one field read.
 */
final class RuntimeTracing {
    static final AttributeKey<String> ACTOR_TYPE = AttributeKey.stringKey("botgrid.actor.type");
    static final AttributeKey<String> ACTOR_KEY = AttributeKey.stringKey("botgrid.actor.key");
    static final AttributeKey<String> NODE = AttributeKey.stringKey("botgrid.node");
    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> MESSAGING_OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGING_MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<Long> JOURNAL_EVENTS = AttributeKey.longKey("botgrid.journal.events");
    static final AttributeKey<Long> JOURNAL_SEQ = AttributeKey.longKey("botgrid.journal.seq");


    /** Whether spans are recorded at all; false for the no-op provider. */
    final boolean enabled;
    private final Tracer tracer;
    private final String nodeName;

    RuntimeTracing(OpenTelemetry openTelemetry, String nodeName) {
        this.enabled = openTelemetry.getTracerProvider() != TracerProvider.noop();
        this.tracer = openTelemetry.getTracer("io.botgrid.actor");
        this.nodeName = nodeName;
    }

    /** The span of a call on the calling node, child of whatever is current (a gRPC request, a turn, …). */
    Span startCall(ActorId id, long callId) {
        return tracer.spanBuilder("call " + id.type()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(MESSAGING_SYSTEM, "botgrid").setAttribute(MESSAGING_OPERATION, "call")
                .setAttribute(MESSAGING_OPERATION_TYPE, "send").setAttribute(MESSAGING_DESTINATION, id.type())
                .setAttribute(MESSAGING_MESSAGE_ID, Long.toString(callId))
                .setAttribute(ACTOR_TYPE, id.type()).setAttribute(ACTOR_KEY, id.key()).setAttribute(NODE, nodeName)
                .startSpan();
    }

    /** The W3C traceparent of {@code span}, for the node-to-node call request; empty when not sampled or absent. */
    static String traceparent(Span span) {
        if (span == null || !span.getSpanContext().isValid()) {
            return "";
        }
        return Traceparent.of(Context.root().with(span));
    }

    /** The span of a call arriving from another node, continuing the caller's {@code traceparent} if any. */
    Span startProcess(ActorId id, long callId, String traceparent) {
        Context parent = Traceparent.continueFrom(Context.root(), traceparent);
        return tracer.spanBuilder("process " + id.type()).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(MESSAGING_SYSTEM, "botgrid").setAttribute(MESSAGING_OPERATION, "process")
                .setAttribute(MESSAGING_OPERATION_TYPE, "process").setAttribute(MESSAGING_DESTINATION, id.type())
                .setAttribute(MESSAGING_MESSAGE_ID, Long.toString(callId))
                .setAttribute(ACTOR_TYPE, id.type()).setAttribute(ACTOR_KEY, id.key()).setAttribute(NODE, nodeName)
                .startSpan();
    }

    /** The span of one turn of an actor, child of the call it handles. */
    Span startTurn(ActorId id, Context parent) {
        return tracer.spanBuilder("turn " + id.type()).setParent(parent)
                .setAttribute(ACTOR_TYPE, id.type()).setAttribute(ACTOR_KEY, id.key()).setAttribute(NODE, nodeName)
                .startSpan();
    }

    /** The span of a journal append made by a turn. */
    Span startAppend(ActorId id, Context parent, int events, long firstSeq) {
        return tracer.spanBuilder("journal.append").setParent(parent)
                .setAttribute(ACTOR_TYPE, id.type()).setAttribute(ACTOR_KEY, id.key())
                .setAttribute(JOURNAL_EVENTS, (long) events).setAttribute(JOURNAL_SEQ, firstSeq)
                .startSpan();
    }

    /** Ends {@code span} (if any) as failed by {@code error}, or as fine when {@code error} is null. */
    static void end(Span span, Throwable error) {
        if (span == null) {
            return;
        }
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error.getMessage() == null ? error.getClass().getSimpleName()
                    : error.getMessage());
            span.recordException(error);
        }
        span.end();
    }
}
