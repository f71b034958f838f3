package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.InvalidActorIdException;
import io.botgrid.proto.v1.CallError;
import io.botgrid.proto.v1.CallErrorCode;
import io.botgrid.proto.v1.CallRequest;
import io.botgrid.proto.v1.CallResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The owner side of remote calls: checks a call that arrived from another node (running, valid id, known type, owned
 * here), then delivers it as an envelope whose outcome goes back as a {@link CallResponse}. Separate from the
 * calling side ({@link Router}) because the two meet only on the wire.
 */
final class OwnerEndpoint implements RemoteTransport.Receiver {
    private final ActorRuntime runtime;

    OwnerEndpoint(ActorRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void receive(CallRequest request, Consumer<CallResponse> respond) {
        long callId = request.getCallId();
        if (!runtime.isRunning()) {
            respond.accept(error(callId, CallErrorCode.NODE_UNAVAILABLE, "node " + runtime.nodeName
                    + " is stopping"));
            return;
        }
        String minority = runtime.minorityReason();
        if (minority != null) {
            respond.accept(error(callId, CallErrorCode.NODE_UNAVAILABLE, minority));
            return;
        }
        ActorId id;
        try {
            id = new ActorId(request.getActorType(), request.getActorKey());
        } catch (InvalidActorIdException e) {
            respond.accept(error(callId, CallErrorCode.INVALID_ACTOR_KEY, e.getMessage()));
            return;
        }
        Optional<ActorTypes.Registration> registration = runtime.types.find(id.type());
        if (registration.isEmpty()) {
            respond.accept(error(callId, CallErrorCode.UNKNOWN_ACTOR_TYPE, "no actor type '" + id.type()
                    + "' is registered on node " + runtime.nodeName));
            return;
        }
        String actorKey = id.asString();
        if (!runtime.placement.ownsKey(actorKey)) {
            respond.accept(error(callId, CallErrorCode.NOT_OWNER, runtime.nodeName + " does not own " + id));
            return;
        }
        long deadline = runtime.ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.getTimeoutMillis());
        String key = request.getIdempotencyKey().isEmpty() ? null : request.getIdempotencyKey();
        runtime.deliverLocal(new RemoteEnvelope(id, actorKey, registration.get(), request.getCommand(), key, deadline,
                callId, respond));
    }

    static CallResponse error(long callId, CallErrorCode code, String message) {
        return CallResponse.newBuilder().setCallId(callId)
                .setError(CallError.newBuilder().setCode(code).setMessage(message)).build();
    }

    /** The envelope of a call from another node: outcomes go back as a {@link CallResponse}. */
    private static final class RemoteEnvelope extends Envelope {
        private final long callId;
        private final Consumer<CallResponse> respond;

        RemoteEnvelope(ActorId id, String actorKey, ActorTypes.Registration registration, ByteString command,
                       String idempotencyKey, long deadlineNanos, long callId, Consumer<CallResponse> respond) {
            super(id, actorKey, registration, null, command, idempotencyKey, deadlineNanos);
            this.callId = callId;
            this.respond = respond;
        }

        @Override
        void succeed(Message reply, ByteString replyBytes) {
            respond.accept(CallResponse.newBuilder().setCallId(callId)
                    .setReply(replyBytes != null ? replyBytes : reply.toByteString()).build());
        }

        @Override
        void fail(ActorException e) {
            respond.accept(CallResponse.newBuilder().setCallId(callId).setError(CallErrors.toWire(e)).build());
        }

        @Override
        void redirect() {
            respond.accept(error(callId, CallErrorCode.NOT_OWNER, "owner of " + id + " moved"));
        }

        @Override
        void busy() {
            respond.accept(error(callId, CallErrorCode.HANDOVER_IN_PROGRESS, id
                    + " is still active on its previous owner"));
        }

        @Override
        boolean isAbandoned(long nowNanos) {
            return nowNanos - deadlineNanos > 0;
        }
    }
}
