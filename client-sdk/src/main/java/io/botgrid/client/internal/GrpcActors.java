package io.botgrid.client.internal;

import io.botgrid.client.HomeRegions;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.botgrid.client.ActorEvent;
import io.botgrid.client.Actors;
import io.botgrid.client.BotgridException;
import io.botgrid.client.CallSettings;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.RetryPolicy;
import io.botgrid.client.Subscription;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.CallActorRequest;
import io.botgrid.proto.v1.CallActorResponse;
import io.botgrid.proto.v1.FollowEventsRequest;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@link Actors} over the ActorService. */
public final class GrpcActors implements Actors {
    private final Endpoints endpoints;
    private final Unary unary;
    private final Duration defaultDeadline;
    private final RetryPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final ClientThreads threads;
    private final IdempotencyKeys keys = new IdempotencyKeys();
    private final HomeRegions homes;
    private final OwnerRouting routing;

    /**
     * @param threads the threads of {@code executor}, on which gRPC completes calls (it is the channels' executor)
     * @param routing the partition map that sends each call to its owner's node; null to use the endpoints only
     */
    public GrpcActors(Endpoints endpoints, Unary unary, Duration defaultDeadline, RetryPolicy policy,
                      ScheduledExecutorService scheduler, Executor executor, ClientThreads threads,
                      HomeRegions homes, OwnerRouting routing) {
        this.threads = threads;
        this.homes = homes;
        this.routing = routing;
        this.endpoints = endpoints;
        this.unary = unary;
        this.defaultDeadline = defaultDeadline;
        this.policy = policy;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    @Override
    public <R extends Message> CompletableFuture<R> call(String type, String key, Message command,
                                                         Class<R> replyType, CallSettings settings) {
        // On the SDK's executor, where gRPC completes the call already: no second hop (see ClientThreads).
        return threads.thenApply(send(type, key, command, settings), response -> {
            Any reply = response.getReply();
            try {
                return reply.unpack(replyType);
            } catch (InvalidProtocolBufferException e) {
                throw new BotgridException(ErrorCode.INVALID_ARGUMENT, "reply of " + type + "/" + key + " is a "
                        + reply.getTypeUrl() + ", not a " + replyType.getName(), e);
            }
        }, executor);
    }

    @Override
    public CompletableFuture<Any> callRaw(String type, String key, Message command, CallSettings settings) {
        return threads.thenApply(send(type, key, command, settings), CallActorResponse::getReply, executor);
    }

    /** The call, completed on whichever thread gRPC completes it (callers move on to the SDK's executor). */
    private CompletableFuture<CallActorResponse> send(String type, String key, Message command,
                                                      CallSettings settings) {
        String idempotencyKey = settings.idempotencyKey() != null ? settings.idempotencyKey() : keys.next();
        CallActorRequest request = CallActorRequest.newBuilder()
                .setActorType(type == null ? "" : type)
                .setActorKey(key == null ? "" : key)
                .setCommand(Any.pack(command))
                .setIdempotencyKey(idempotencyKey)
                .build();
        Duration timeout = settings.deadline() != null ? settings.deadline() : defaultDeadline;
        Deadline deadline = Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (routing == null) {
            return unary.call(ActorServiceGrpc.getCallMethod(), request, deadline, homeOf(homes, type, key));
        }
        io.grpc.Channel owner = routing.ownerOf(request.getActorType(), request.getActorKey());
        CompletableFuture<CallActorResponse> response = owner == null
                ? unary.call(ActorServiceGrpc.getCallMethod(), request, deadline, homeOf(homes, type, key))
                : unary.callVia(owner, ActorServiceGrpc.getCallMethod(), request, deadline,
                        homeOf(homes, type, key), routing::stale);
        return response.whenComplete((answer, error) -> {
            if (owner == null || (answer != null && answer.getForwarded())) {
                routing.stale(); // no map yet, or the map named a node that is no longer the owner
            }
        });
    }

    /** The home region of an actor for the endpoints: the resolver's answer, or the preferred region. */
    static String homeOf(HomeRegions homes, String type, String key) {
        String region = homes.regionOf(type, key);
        return region == null ? "" : region; // an unknown region (including "") routes as the preferred one
    }

    @Override
    public <E extends Message> Subscription follow(String type, String key, long fromSeq, Class<E> eventType,
                                                   Consumer<ActorEvent<E>> onEvent,
                                                   Consumer<BotgridException> onError) {
        Follower<E> follower = new Follower<>(type, key, eventType, onEvent, onError);
        follower.lastSeq = Math.max(0, fromSeq - 1);
        follower.open(1);
        return follower;
    }

    /** One followed stream, re-opened from the last delivered event when its node becomes unavailable. */
    private final class Follower<E extends Message> implements Subscription {
        private final String type;
        private final String key;
        private final Class<E> eventType;
        private final Consumer<ActorEvent<E>> onEvent;
        private final Consumer<BotgridException> onError;
        private volatile long lastSeq;
        private volatile boolean closed;
        private volatile ClientCallStreamObserver<FollowEventsRequest> call;

        Follower(String type, String key, Class<E> eventType, Consumer<ActorEvent<E>> onEvent,
                 Consumer<BotgridException> onError) {
            this.type = type;
            this.key = key;
            this.eventType = eventType;
            this.onEvent = onEvent;
            this.onError = onError;
        }

        void open(int attempt) {
            if (closed) {
                return;
            }
            int index = endpoints.currentIndex();
            FollowEventsRequest request = FollowEventsRequest.newBuilder().setActorType(type).setActorKey(key)
                    .setFromSeq(lastSeq + 1).build();
            ActorServiceGrpc.newStub(endpoints.channel(index)).followEvents(request,
                    new ClientResponseObserver<FollowEventsRequest, io.botgrid.proto.v1.ActorEvent>() {
                        private int delivered;

                        @Override
                        public void beforeStart(ClientCallStreamObserver<FollowEventsRequest> stream) {
                            call = stream;
                        }

                        @Override
                        public void onNext(io.botgrid.proto.v1.ActorEvent value) {
                            if (closed || value.getSeq() <= lastSeq) {
                                return;
                            }
                            try {
                                onEvent.accept(new ActorEvent<>(value.getSeq(), value.getEvent().unpack(eventType),
                                        value.getTimestampMillis()));
                                lastSeq = value.getSeq();
                                delivered++;
                            } catch (InvalidProtocolBufferException e) {
                                fail(new BotgridException(ErrorCode.INVALID_ARGUMENT, "event " + value.getSeq()
                                        + " is a " + value.getEvent().getTypeUrl(), e));
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            if (closed) {
                                return;
                            }
                            Status.Code code = Errors.statusOf(t).getCode();
                            boolean resumable = code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED;
                            int next = delivered > 0 ? 1 : attempt + 1;
                            if (resumable && next <= policy.maxAttempts()) {
                                endpoints.failover(index);
                                scheduler.schedule(() -> open(next), policy.backoff(next).toMillis(),
                                        TimeUnit.MILLISECONDS);
                            } else {
                                fail(Errors.toException(t));
                            }
                        }

                        @Override
                        public void onCompleted() {
                            closed = true;
                        }
                    });
        }

        private void fail(BotgridException e) {
            close();
            onError.accept(e);
        }

        @Override
        public long lastSeq() {
            return lastSeq;
        }

        @Override
        public void close() {
            closed = true;
            ClientCallStreamObserver<FollowEventsRequest> c = call;
            if (c != null) {
                c.cancel("closed by the client", null);
            }
        }
    }
}
