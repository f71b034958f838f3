package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A call as its calling node tracks it, across re-routes and retries, until it completes once.
 */
final class Call {
    final long id;
    final ActorId actor;
    final String actorKey;
    final ActorTypes.Registration registration;
    final Message command;
    final long deadlineNanos;
    final boolean wantsBytes;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    ByteString commandBytes;
    String idempotencyKey;
    int attempts;
    volatile UUID sentTo;
    /** The call's span and the context holding it, ended when the call completes; null when not traced. */
    Span span;
    Context trace;

    Call(long id, ActorId actor, ActorTypes.Registration registration, Message command, ByteString commandBytes,
         String idempotencyKey, long deadlineNanos, boolean wantsBytes) {
        this.id = id;
        this.actor = actor;
        this.actorKey = actor.asString();
        this.registration = registration;
        this.command = command;
        this.commandBytes = commandBytes;
        this.idempotencyKey = idempotencyKey;
        this.deadlineNanos = deadlineNanos;
        this.wantsBytes = wantsBytes;
    }

    ByteString commandBytes() {
        if (commandBytes == null) {
            commandBytes = command.toByteString();
        }
        return commandBytes;
    }

    boolean isDone() {
        return future.isDone();
    }
}
