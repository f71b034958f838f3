package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * One message in an activation's mailbox, and where its outcome goes: a caller on this node, a caller on another
 * node, or nobody (a timer tick). The command is kept as an object when it came from this node (no serialisation)
 * and as bytes when it came over the wire; the turn parses it.
 *
 * <p>When traced, it carries the context its turn continues ({@link #trace}) and the spans that end with its
 * outcome: the owner-side span of a call from another node and the turn's own span. Untraced, all three are null.
 */
abstract class Envelope {
    final ActorId id;
    final String actorKey;
    final ActorTypes.Registration registration;
    final Message command;
    final ByteString commandBytes;
    final String idempotencyKey;
    final long deadlineNanos;
    /** The context the turn's span is a child of; null when not traced. */
    Context trace;
    /** The span to end with the outcome besides the turn's (the owner side of a remote call); may be null. */
    Span callSpan;
    /** The turn's span, once a turn took the message; may be null. */
    Span turnSpan;

    Envelope(ActorId id, String actorKey, ActorTypes.Registration registration, Message command,
             ByteString commandBytes, String idempotencyKey, long deadlineNanos) {
        this.id = id;
        this.actorKey = actorKey;
        this.registration = registration;
        this.command = command;
        this.commandBytes = commandBytes;
        this.idempotencyKey = idempotencyKey;
        this.deadlineNanos = deadlineNanos;
    }

    /** Whether handling this message counts as activity that postpones passivation. */
    boolean countsAsActivity() {
        return true;
    }

    /** The turn succeeded. {@code replyBytes} is the serialised reply if the turn already has it, else null. */
    final void succeed(Message reply, ByteString replyBytes) {
        endSpans(null);
        onSucceed(reply, replyBytes);
    }

    /** The turn failed, or the message could not be handled. */
    final void fail(ActorException error) {
        endSpans(error);
        onFail(error);
    }

    /** This node does not own the actor (any more): the message must go to the current owner. */
    final void redirect() {
        endSpans(null);
        onRedirect();
    }

    /** The actor is still active on its previous owner: try again shortly. */
    final void busy() {
        endSpans(null);
        onBusy();
    }

    /**
     * Makes the turn's span current (for the behaviour and its side effects), or the caller's context when the turn
     * has no span of its own (an unsampled call); a no-op scope when untraced.
     */
    final Scope makeTurnCurrent() {
        Span span = turnSpan;
        if (span != null) {
            return withTraceId(span, span.makeCurrent());
        }
        Context context = trace;
        return context == null ? Scope.noop() : withTraceId(Span.fromContext(context), context.makeCurrent());
    }

    /**
     * Puts the trace id in the MDC ({@code trace_id}) for the log lines of the turn, and of the handler calls that
     * copy the MDC; closing the scope restores what was there.
     */
    private static Scope withTraceId(Span span, Scope scope) {
        if (!span.getSpanContext().isValid()) {
            return scope;
        }
        String previous = org.slf4j.MDC.get(io.botgrid.telemetry.LogContext.TRACE_ID);
        org.slf4j.MDC.put(io.botgrid.telemetry.LogContext.TRACE_ID, span.getSpanContext().getTraceId());
        return () -> {
            scope.close();
            if (previous == null) {
                org.slf4j.MDC.remove(io.botgrid.telemetry.LogContext.TRACE_ID);
            } else {
                org.slf4j.MDC.put(io.botgrid.telemetry.LogContext.TRACE_ID, previous);
            }
        };
    }

    /** Ends the spans of this message; also for a message dropped because its caller gave up. */
    final void endSpans(Throwable error) {
        Span turn = turnSpan;
        if (turn != null) {
            turnSpan = null;
            RuntimeTracing.end(turn, error);
        }
        Span call = callSpan;
        if (call != null) {
            callSpan = null;
            RuntimeTracing.end(call, error);
        }
    }

    abstract void onSucceed(Message reply, ByteString replyBytes);

    abstract void onFail(ActorException error);

    abstract void onRedirect();

    abstract void onBusy();

    /** The caller stopped waiting: its deadline passed or it gave up. */
    abstract boolean isAbandoned(long nowNanos);
}
