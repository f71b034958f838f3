package io.botgrid.grpc.internal;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.InvalidActorIdException;
import io.botgrid.grpc.Role;
import io.botgrid.proto.v1.ActorEvent;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.ActorTypeDescription;
import io.botgrid.proto.v1.CallActorRequest;
import io.botgrid.proto.v1.CallActorResponse;
import io.botgrid.proto.v1.DescribeActorTypeRequest;
import io.botgrid.proto.v1.FollowEventsRequest;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code botgrid.v1.ActorService}: checks that the actor type is exposed to the generic API and that the caller's role
 * may call or follow it (the type's {@link io.botgrid.actor.ApiExposure}), validates a call, hands it to the node's {@link ActorClient} with the caller's
 * deadline, and answers from the actor's future. Handlers run on the transport's threads (the server uses a direct
 * executor), so nothing here blocks.
 *
 * <p>The answer is sent on the thread that completes the actor's future (a turn of the runtime for a local actor,
 * the transport's reply handler for a remote one): it serialises the reply and queues it for Netty, which blocks on
 * nothing (the interceptors' ends only count, and the audit log queues its writes). A hop to an executor of the
 * front's own cost each call a queue hand-off and a thread wake-up, the largest per-call cost after Netty's own
 * (docs/benchmarks.md, "Profile of the gRPC path").
 */
public final class ActorServiceImpl extends ActorServiceGrpc.ActorServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ActorServiceImpl.class);

    /** Longest idempotency key, as {@link CallOptions} accepts. */
    static final int MAX_IDEMPOTENCY_KEY = 200;
    /** Part of the caller's remaining time kept back so that our DEADLINE_EXCEEDED reaches it before its own. */
    private static final long MAX_DEADLINE_RESERVE_MILLIS = 200;

    private final String nodeName;
    private final TypeCatalog catalog;
    private final ActorClient actors;
    private final Duration defaultDeadline;
    private final EventStreams streams;
    private final Predicate<ActorId> ownedHere;

    /**
     * @param ownedHere whether this node owns an actor now; a call to one it does not own is answered with
     *                  {@code forwarded}, the hint that tells a routing client its partition map is stale
     */
    ActorServiceImpl(String nodeName, TypeCatalog catalog, ActorClient actors, Duration defaultDeadline,
                     EventStreams streams, Predicate<ActorId> ownedHere) {
        this.ownedHere = ownedHere;
        this.nodeName = nodeName;
        this.catalog = catalog;
        this.actors = actors;
        this.defaultDeadline = defaultDeadline;
        this.streams = streams;
    }

    @Override
    public void call(CallActorRequest request, StreamObserver<CallActorResponse> responses) {
        ServerCallStreamObserver<CallActorResponse> observer = (ServerCallStreamObserver<CallActorResponse>) responses;
        observer.setOnCancelHandler(() -> {
            // the caller left; the actor call runs to its end and its reply is dropped
        });
        ActorId id;
        TypeCatalog.Entry entry;
        CallOptions options;
        try {
            id = actorId(request.getActorType(), request.getActorKey());
            entry = entry(id, TypeCatalog.Access.CALL);
            checkCommand(request, id, entry);
            options = new CallOptions(timeout(id), idempotencyKey(request.getIdempotencyKey()));
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        boolean forwarded = !ownedHere.test(id);
        CompletableFuture<ByteString> reply;
        try {
            reply = actors.askBytes(id, request.getCommand().getValue(), options);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((bytes, error) -> answer(observer, entry, id, forwarded, bytes, error));
    }

    private void answer(ServerCallStreamObserver<CallActorResponse> observer, TypeCatalog.Entry entry, ActorId id,
                        boolean forwarded, ByteString bytes, Throwable error) {
        if (observer.isCancelled()) {
            return;
        }
        try {
            if (error == null) {
                observer.onNext(CallActorResponse.newBuilder()
                        .setReply(Any.newBuilder().setTypeUrl(entry.replyTypeUrl()).setValue(bytes))
                        .setForwarded(forwarded)
                        .build());
                observer.onCompleted();
            } else {
                Status status = Statuses.of(error);
                if (status.getCode() == Status.Code.INTERNAL) {
                    LOG.debug("Call to {} through node {} failed: {}", id, nodeName, status.getDescription());
                }
                observer.onError(status.asRuntimeException());
            }
        } catch (IllegalStateException | StatusRuntimeException e) {
            LOG.debug("Reply of {} not sent: the call ended meanwhile ({})", id, e.getMessage());
        }
    }

    @Override
    public void followEvents(FollowEventsRequest request, StreamObserver<ActorEvent> responses) {
        ServerCallStreamObserver<ActorEvent> observer = (ServerCallStreamObserver<ActorEvent>) responses;
        ActorId id;
        TypeCatalog.Entry entry;
        try {
            id = actorId(request.getActorType(), request.getActorKey());
            entry = entry(id, TypeCatalog.Access.FOLLOW);
            if (request.getFromSeq() < 0) {
                throw invalid("from_seq must be >= 0 (0 and 1 both mean the first event), got "
                        + request.getFromSeq());
            }
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        streams.follow(id, entry, Math.max(1, request.getFromSeq()), observer);
    }

    @Override
    public void describeActorType(DescribeActorTypeRequest request, StreamObserver<ActorTypeDescription> responses) {
        TypeCatalog.Entry entry;
        try {
            entry = entry(actorId(request.getActorType(), "describe").type(), TypeCatalog.Access.CALL);
        } catch (StatusRuntimeException e) {
            responses.onError(e);
            return;
        }
        responses.onNext(ActorTypeDescription.newBuilder().setActorType(request.getActorType())
                .setCommandType(entry.command()).setEventType(entry.event()).setReplyType(entry.reply()).build());
        responses.onCompleted();
    }

    // ---------------------------------------------------------------- validation

    static ActorId actorId(String type, String key) {
        if (type.isEmpty()) {
            throw invalid("actor_type is required");
        }
        if (key.isBlank()) {
            throw invalid("actor_key must not be empty or blank (actor type '" + type + "')");
        }
        try {
            return new ActorId(type, key);
        } catch (InvalidActorIdException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * The type, if the generic API may reach it and the caller's role may do this with it. An internal type is
     * NOT_FOUND with the words of an unknown one, so that callers cannot even tell which internal types a node has;
     * a role the type does not allow is PERMISSION_DENIED. Without authentication (no credentials configured: every
     * call is let through) there is no role, and every exposed type is reachable.
     */
    private TypeCatalog.Entry entry(ActorId id, TypeCatalog.Access access) {
        return entry(id.type(), access);
    }

    private TypeCatalog.Entry entry(String type, TypeCatalog.Access access) {
        TypeCatalog.Entry entry = catalog.findExposed(type).orElseThrow(() -> Status.NOT_FOUND
                .withDescription("no actor type '" + type + "' is exposed on node " + nodeName
                        + "; exposed types: " + catalog.exposedTypes())
                .asRuntimeException());
        Authenticator.Principal caller = AuthInterceptor.PRINCIPAL.get();
        if (caller != null && !entry.roles(access).contains(caller.role())) {
            throw Status.PERMISSION_DENIED.withDescription("role '" + caller.role().label() + "' of "
                    + caller.name() + " may not " + access.verb() + " actors of type '" + type + "': it "
                    + "allows " + labels(entry.roles(access))).asRuntimeException();
        }
        return entry;
    }

    private static String labels(Set<Role> roles) {
        return roles.isEmpty() ? "no role" : roles.stream().sorted().map(Role::label).toList()
                .toString();
    }

    private static void checkCommand(CallActorRequest request, ActorId id, TypeCatalog.Entry entry) {
        if (!request.hasCommand()) {
            throw invalid("command is required: a google.protobuf.Any with type URL '" + entry.commandTypeUrl()
                    + "' for actor type '" + id.type() + "'");
        }
        String url = request.getCommand().getTypeUrl();
        if (!TypeCatalog.names(url, entry.command())) {
            throw invalid("command type URL '" + url + "' does not match actor type '" + id.type()
                    + "', which takes " + entry.command() + " ('" + entry.commandTypeUrl() + "')");
        }
    }

    private static String idempotencyKey(String key) {
        if (key.isEmpty()) {
            return null;
        }
        if (key.isBlank()) {
            throw invalid("idempotency_key must not be blank (leave it empty for none)");
        }
        if (key.length() > MAX_IDEMPOTENCY_KEY) {
            throw invalid("idempotency_key is " + key.length() + " characters, the maximum is "
                    + MAX_IDEMPOTENCY_KEY);
        }
        return key;
    }

    /**
     * The actor call's timeout: the caller's remaining time less a small reserve (a tenth, at most 200 ms), so that
     * a slow actor is reported with our precise DEADLINE_EXCEEDED before the caller's own deadline fires; the
     * configured default when the caller set no deadline.
     */
    private Duration timeout(ActorId id) {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            return defaultDeadline;
        }
        long left = deadline.timeRemaining(TimeUnit.MILLISECONDS);
        if (left <= 0) {
            throw Status.DEADLINE_EXCEEDED.withDescription("the deadline of the call to " + id
                    + " passed before node " + nodeName + " received it").asRuntimeException();
        }
        long reserve = Math.min(left / 10, MAX_DEADLINE_RESERVE_MILLIS);
        return Duration.ofMillis(Math.max(1, left - reserve));
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
