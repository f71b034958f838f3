package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorCallTimeoutException;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTurnFailedException;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.CommandRejectedException;
import io.botgrid.actor.InvalidActorIdException;
import io.botgrid.actor.JournalUnavailableException;
import io.botgrid.actor.MalformedCommandException;
import io.botgrid.actor.UnknownActorTypeException;
import io.botgrid.proto.v1.CallError;
import io.botgrid.proto.v1.CallRequest;
import io.botgrid.proto.v1.CallResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.cluster.ClusterNode;

/**
 * The calling side of every actor call: finds the owner, calls it locally or through the transport, re-routes
 * while ownership moves and enforces the caller's deadline.
 *
 * <p>Exactly-once across re-routes: a call that leaves this node always carries an idempotency key (the caller's,
 * or one made of this node's id and the call id), and the owner stores it with the events it persists. So when an
 * owner dies after persisting but before replying, the retry on the new owner finds the key in the journal and
 * returns the original reply instead of applying the command again.
 */
public final class Router implements ActorClient {
    private static final long SWEEP_MILLIS = 10;

    private final ActorRuntime runtime;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Call> inFlight = new ConcurrentHashMap<>();
    private final String autoKeyPrefix;
    private RemoteTransport transport;

    Router(ActorRuntime runtime) {
        this.runtime = runtime;
        this.autoKeyPrefix = "~" + runtime.localNodeId + ":";
    }

    void start(RemoteTransport transport) {
        this.transport = transport;
        runtime.executors.scheduler.scheduleWithFixedDelay(this::sweepDeadlines, SWEEP_MILLIS, SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R extends Message> CompletableFuture<R> ask(ActorId id, Message command, CallOptions options) {
        ActorTypes.Registration registration;
        try {
            registration = registration(id);
        } catch (ActorException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (command == null || command.getParserForType() != registration.behavior().commandParser()) {
            return CompletableFuture.failedFuture(new MalformedCommandException("command for " + id + " must be "
                    + "the command message of type '" + id.type() + "', got "
                    + (command == null ? "null" : command.getDescriptorForType().getFullName())));
        }
        Call call = newCall(id, registration, command, null, options, false);
        route(call);
        return (CompletableFuture<R>) (CompletableFuture<?>) call.future;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<ByteString> askBytes(ActorId id, ByteString command, CallOptions options) {
        ActorTypes.Registration registration;
        try {
            registration = registration(id);
        } catch (ActorException e) {
            return CompletableFuture.failedFuture(e);
        }
        Call call = newCall(id, registration, null, command, options, true);
        route(call);
        return (CompletableFuture<ByteString>) (CompletableFuture<?>) call.future;
    }

    /** Reminders deliver their command bytes as a call with no one waiting but the reminder service. */
    CompletableFuture<ByteString> askInternal(ActorId id, ByteString command, long timeoutMillis) {
        return askBytes(id, command, CallOptions.DEFAULT.withTimeout(java.time.Duration.ofMillis(timeoutMillis)));
    }

    private ActorTypes.Registration registration(ActorId id) {
        if (id == null) {
            throw new InvalidActorIdException("actor id must not be null");
        }
        return runtime.types.find(id.type()).orElseThrow(() -> new UnknownActorTypeException(
                "no actor type '" + id.type() + "' is registered; known types: " + runtime.types.names()));
    }

    private Call newCall(ActorId id, ActorTypes.Registration registration, Message command, ByteString bytes,
                         CallOptions options, boolean wantsBytes) {
        long deadline = runtime.ticker.nanoTime() + options.timeout().toNanos();
        Call call = new Call(ids.incrementAndGet(), id, registration, command, bytes, options.idempotencyKey(),
                deadline, wantsBytes);
        inFlight.put(call.id, call);
        return call;
    }

    /** Sends the call to the current owner of its actor. */
    void route(Call call) {
        if (call.isDone()) {
            return;
        }
        if (!runtime.isRunning()) {
            fail(call, new ClusterUnavailableException("node " + runtime.nodeName + " is not running; call "
                    + call.actor + " through another node"));
            return;
        }
        String minority = runtime.minorityReason();
        if (minority != null) {
            fail(call, new ClusterUnavailableException(minority));
            return;
        }
        ClusterNode owner;
        try {
            owner = runtime.placement.ownerOf(call.actorKey);
        } catch (RuntimeException e) {
            owner = null;
        }
        if (owner == null) {
            retryLater(call);
            return;
        }
        if (owner.isLocal()) {
            Message command = call.command;
            if (command == null) {
                try {
                    command = call.registration.behavior().commandParser().parseFrom(call.commandBytes);
                } catch (InvalidProtocolBufferException e) {
                    fail(call, new MalformedCommandException("command for " + call.actor
                            + " does not parse: " + e.getMessage()));
                    return;
                }
            }
            runtime.deliverLocal(new LocalEnvelope(call, command));
            return;
        }
        if (call.idempotencyKey == null) {
            call.idempotencyKey = autoKeyPrefix + call.id;
        }
        long timeLeft = TimeUnit.NANOSECONDS.toMillis(call.deadlineNanos - runtime.ticker.nanoTime());
        if (timeLeft <= 0) {
            timeout(call);
            return;
        }
        CallRequest request = CallRequest.newBuilder()
                .setCallId(call.id)
                .setActorType(call.actor.type())
                .setActorKey(call.actor.key())
                .setCommand(call.commandBytes())
                .setIdempotencyKey(call.idempotencyKey)
                .setTimeoutMillis(timeLeft)
                .build();
        call.sentTo = owner.id();
        transport.send(owner, call, request);
    }

    /** Tries the call again after a short backoff: the owner is moving, starting or handing over. */
    void retryLater(Call call) {
        if (call.isDone()) {
            return;
        }
        int attempt = ++call.attempts;
        if (attempt >= 3 && runtime.placement.isPartitionLost(call.actorKey)) {
            fail(call, new JournalUnavailableException("journal of " + call.actor + " is unavailable: its partition "
                    + "lost every copy; it returns when a node holding it rejoins and lost partitions are reset"));
            return;
        }
        long delayMillis = Math.min(100, 1L << Math.min(attempt, 7));
        if (runtime.ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis) - call.deadlineNanos > 0) {
            timeout(call);
            return;
        }
        runtime.executors.scheduler.schedule(() -> runtime.executors.turns.execute(() -> route(call)),
                delayMillis, TimeUnit.MILLISECONDS);
    }

    /** A response came back from the owner. */
    void onResponse(Call call, CallResponse response) {
        if (response.hasError()) {
            onError(call, response.getError());
            return;
        }
        ByteString bytes = response.getReply();
        if (call.wantsBytes) {
            complete(call, bytes);
            return;
        }
        try {
            complete(call, call.registration.behavior().replyParser().parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            fail(call, new ActorTurnFailedException("reply of " + call.actor + " does not parse: " + e.getMessage()));
        }
    }

    private void onError(Call call, CallError error) {
        switch (error.getCode()) {
            case NOT_OWNER, HANDOVER_IN_PROGRESS, NODE_UNAVAILABLE -> retryLater(call);
            default -> fail(call, CallErrors.fromWire(error));
        }
    }

    void complete(Call call, Object reply) {
        inFlight.remove(call.id);
        call.future.complete(reply);
    }

    void fail(Call call, ActorException error) {
        inFlight.remove(call.id);
        call.future.completeExceptionally(error);
    }

    private void timeout(Call call) {
        fail(call, new ActorCallTimeoutException("call to " + call.actor + " got no reply within its deadline"
                + (call.attempts > 0 ? " (" + call.attempts + " re-routes while its owner moved)" : "")));
    }

    private void sweepDeadlines() {
        long now = runtime.ticker.nanoTime();
        for (Iterator<Call> it = inFlight.values().iterator(); it.hasNext(); ) {
            Call call = it.next();
            if (now - call.deadlineNanos > 0) {
                timeout(call);
            }
        }
    }

    /** Calls this node is waiting for. */
    int inFlight() {
        return inFlight.size();
    }

    /** Fails every call still waiting: the node is stopping. */
    void failAll(ActorException error) {
        for (Call call : inFlight.values()) {
            fail(call, error);
        }
    }

    /** The envelope of a call whose owner is this node. */
    private final class LocalEnvelope extends Envelope {
        private final Call call;

        LocalEnvelope(Call call, Message command) {
            super(call.actor, call.actorKey, call.registration, command, null, call.idempotencyKey,
                    call.deadlineNanos);
            this.call = call;
        }

        @Override
        void succeed(Message reply, ByteString replyBytes) {
            if (call.wantsBytes) {
                complete(call, replyBytes != null ? replyBytes : reply.toByteString());
            } else if (reply != null) {
                complete(call, reply);
            } else {
                onResponse(call, CallResponse.newBuilder().setReply(replyBytes).build());
            }
        }

        @Override
        void fail(ActorException error) {
            Router.this.fail(call, error);
        }

        @Override
        void redirect() {
            retryLater(call);
        }

        @Override
        void busy() {
            retryLater(call);
        }

        @Override
        boolean isAbandoned(long nowNanos) {
            return call.isDone() || nowNanos - call.deadlineNanos > 0;
        }
    }
}
