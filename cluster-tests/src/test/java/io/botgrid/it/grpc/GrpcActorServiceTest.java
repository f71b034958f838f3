package io.botgrid.it.grpc;

import static io.botgrid.it.grpc.GrpcTestSupport.LEDGER;
import static io.botgrid.it.grpc.GrpcTestSupport.call;
import static io.botgrid.it.grpc.GrpcTestSupport.failure;
import static io.botgrid.it.grpc.GrpcTestSupport.garbage;
import static io.botgrid.it.grpc.GrpcTestSupport.keyOwnedBy;
import static io.botgrid.it.grpc.GrpcTestSupport.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Any;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorEvent;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.ActorServiceGrpc.ActorServiceBlockingStub;
import io.botgrid.proto.v1.CallActorRequest;
import io.botgrid.proto.v1.CallActorResponse;
import io.botgrid.proto.v1.FollowEventsRequest;
import io.botgrid.testkit.TestCluster;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code botgrid.v1.ActorService} on a real 2-node cluster over real sockets, with plain grpc-java stubs: routing to
 * the owner, every error status from a real bad input, and event streams.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcActorServiceTest {
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final int MAX_IN_FLIGHT = 8;

    private static TestCluster cluster;
    private static final List<ManagedChannel> channels = new ArrayList<>();
    private static ActorServiceBlockingStub node0;
    private static ActorServiceBlockingStub node1;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcMaxMessageBytes(MAX_MESSAGE_BYTES).grpcMaxInFlightCalls(MAX_IN_FLIGHT))
                .start();
        channels.add(GrpcTestSupport.plaintext(cluster.node(0)));
        channels.add(GrpcTestSupport.plaintext(cluster.node(1)));
        node0 = ActorServiceGrpc.newBlockingStub(channels.get(0));
        node1 = ActorServiceGrpc.newBlockingStub(channels.get(1));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            GrpcTestSupport.close(channels);
        } finally {
            cluster.close();
        }
    }

    private static ActorServiceBlockingStub deadline(ActorServiceBlockingStub stub) {
        return stub.withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    void callThroughOneNodeReachesTheActorOwnedByTheOther() {
        String key = keyOwnedBy(cluster.node(0), "node-1", "remote");
        CallActorResponse first = deadline(node0).call(call(key, "append:a"));
        assertThat(unpack(first.getReply())).isEqualTo("1");
        assertThat(unpack(deadline(node0).call(call(key, "append:b")).getReply())).isEqualTo("2");
        assertThat(unpack(deadline(node1).call(call(key, "tags")).getReply())).isEqualTo("a,b");
        assertThat(cluster.node(1).isActive(ActorId.of(LEDGER, key))).as("active on its owner").isTrue();
        assertThat(cluster.node(0).isActive(ActorId.of(LEDGER, key))).as("not on the node called").isFalse();
    }

    @Test
    void idempotencyKeyMakesARetryTakeEffectOnce() {
        String key = keyOwnedBy(cluster.node(0), "node-1", "idem");
        CallActorRequest request = call(key, "append:once").toBuilder().setIdempotencyKey("order-7").build();
        assertThat(unpack(deadline(node0).call(request).getReply())).isEqualTo("1");
        assertThat(unpack(deadline(node1).call(request).getReply())).as("same reply again").isEqualTo("1");
        assertThat(unpack(deadline(node0).call(call(key, "count")).getReply())).isEqualTo("1");
    }

    @Test
    void badInputsAreInvalidArgumentWithTheReason() {
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> deadline(node0).call(call("", "count")))
                .getDescription()).contains("actor_key must not be empty");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> deadline(node0).call(call("   ", "count")))
                .getDescription()).contains("actor_key must not be empty or blank");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> deadline(node0).call(call("k".repeat(513), "count")))
                .getDescription()).contains("513 characters, the maximum is 512");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> deadline(node0).call(
                call("k", "count").toBuilder().setActorType("").build())).getDescription())
                .contains("actor_type is required");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> deadline(node0).call(
                call("k", "count").toBuilder().clearCommand().build())).getDescription())
                .contains("command is required").contains("type.googleapis.com/google.protobuf.StringValue");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> deadline(node0).call(
                call("k", "count").toBuilder().setCommand(Any.pack(Int64Value.of(3))).build())).getDescription())
                .isEqualTo("command type URL 'type.googleapis.com/google.protobuf.Int64Value' does not match actor "
                        + "type 'ledger', which takes google.protobuf.StringValue "
                        + "('type.googleapis.com/google.protobuf.StringValue')");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> deadline(node0).call(
                call("k", "count").toBuilder().setIdempotencyKey("x".repeat(201)).build())).getDescription())
                .contains("idempotency_key is 201 characters, the maximum is 200");
    }

    @Test
    void payloadThatDoesNotParseIsInvalidArgumentOnLocalAndRemoteOwners() {
        for (String owner : List.of("node-0", "node-1")) {
            String key = keyOwnedBy(cluster.node(0), owner, "garbage");
            CallActorRequest request = call(key, "count").toBuilder()
                    .setCommand(Any.newBuilder().setTypeUrl(GrpcTestSupport.STRING_VALUE_URL).setValue(garbage()))
                    .build();
            assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> deadline(node0).call(request)).getDescription())
                    .as("owner " + owner).contains("command for ledger/" + key + " does not parse");
        }
    }

    @Test
    void unknownActorTypeIsNotFound() {
        assertThat(failure(Status.Code.NOT_FOUND, () -> deadline(node1).call(
                call("k", "count").toBuilder().setActorType("no-such-type").build())).getDescription())
                .isEqualTo("no actor type 'no-such-type' is exposed on node node-1; exposed types: "
                        + "[ledger, ledger-idle, ledger-snap]");
    }

    @Test
    void rejectedAndFailingTurnsMapToFailedPreconditionAndInternalWithoutStackTraces() {
        String key = keyOwnedBy(cluster.node(0), "node-1", "turns");
        assertThat(failure(Status.Code.FAILED_PRECONDITION, () -> deadline(node0).call(call(key, "reject")))
                .getDescription()).contains("not today");
        Status internal = failure(Status.Code.INTERNAL, () -> deadline(node0).call(call(key, "fail")));
        assertThat(internal.getDescription()).contains("IllegalStateException: boom");
        assertThat(internal.getCause()).isNull();
    }

    @Test
    void slowActorFailsWithDeadlineExceededFromTheServer() {
        String key = keyOwnedBy(cluster.node(0), "node-1", "slow");
        long start = System.nanoTime();
        Status status = failure(Status.Code.DEADLINE_EXCEEDED, () -> node0.withDeadlineAfter(1_500,
                TimeUnit.MILLISECONDS).call(call(key, "sleep:3000")));
        assertThat(status.getDescription()).as("the server's precise message, not the client's own timeout")
                .isEqualTo("call to ledger/" + key + " got no reply within its deadline");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void oversizedMessageIsResourceExhausted() {
        String big = "x".repeat(MAX_MESSAGE_BYTES + 1_000);
        assertThat(failure(Status.Code.RESOURCE_EXHAUSTED, () -> deadline(node0).call(call("big", "append:" + big)))
                .getDescription()).contains("exceeds maximum size " + MAX_MESSAGE_BYTES);
        assertThat(unpack(deadline(node0).call(call("big", "count")).getReply())).as("nothing applied").isEqualTo("0");
    }

    @Test
    void callsBeyondTheInFlightLimitAreResourceExhausted() {
        String slowKey = keyOwnedBy(cluster.node(0), "node-1", "crowded");
        ActorServiceGrpc.ActorServiceFutureStub async = ActorServiceGrpc.newFutureStub(channels.get(0));
        List<ListenableFuture<CallActorResponse>> slow = new ArrayList<>();
        for (int i = 0; i < MAX_IN_FLIGHT; i++) { // queue behind one another in one actor's mailbox
            // deadline before the first sleep ends: the others are dropped unrun when it does
            slow.add(async.withDeadlineAfter(2_500, TimeUnit.MILLISECONDS).call(call(slowKey, "sleep:3000")));
        }
        AtomicReference<Status> refused = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                deadline(node0).call(call("free", "count"));
                return false; // the slow calls have not all arrived yet
            } catch (io.grpc.StatusRuntimeException e) {
                refused.set(e.getStatus());
                return true;
            }
        });
        assertThat(refused.get().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.get().getDescription()).isEqualTo("node node-0 is already serving its maximum of "
                + MAX_IN_FLIGHT + " calls at once (grpcMaxInFlightCalls); retry with backoff or through another node");
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.stream().allMatch(ListenableFuture::isDone));
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.node(0).grpcServer().orElseThrow()
                .callsInFlight() == 0);
        assertThat(unpack(deadline(node0).call(call("free", "count")).getReply())).isEqualTo("0");
    }

    @Test
    void followEventsStreamsExistingThenNewEventsInOrderWithoutGapsOrRepeats() throws Exception {
        String key = keyOwnedBy(cluster.node(0), "node-1", "follow");
        for (int i = 1; i <= 3; i++) {
            deadline(node1).call(call(key, "append:e" + i));
        }
        Follower follower = new Follower();
        ActorServiceGrpc.newStub(channels.get(0)).followEvents(FollowEventsRequest.newBuilder()
                .setActorType(LEDGER).setActorKey(key).setFromSeq(2).build(), follower);
        await().atMost(Duration.ofSeconds(10)).until(() -> follower.events.size() >= 2);
        for (int i = 4; i <= 40; i++) { // new events, some appended through either node
            (i % 2 == 0 ? deadline(node0) : deadline(node1)).call(call(key, "append:e" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> follower.events.size() >= 39);
        assertThat(follower.events.stream().map(ActorEvent::getSeq).toList())
                .isEqualTo(LongStream.rangeClosed(2, 40).boxed().toList());
        for (ActorEvent e : follower.events) {
            assertThat(e.getEvent().getTypeUrl()).isEqualTo(GrpcTestSupport.STRING_VALUE_URL);
            assertThat(e.getEvent().unpack(StringValue.class).getValue()).isEqualTo("e" + e.getSeq());
            assertThat(e.getTimestampMillis()).isPositive();
        }
        assertThat(follower.error.get()).isNull();
        follower.cancel();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node(0).grpcServer().orElseThrow()
                .openStreams() == 0);
    }

    @Test
    void followEventsWhileTheActorIsWritingMissesNothing() throws Exception {
        String key = keyOwnedBy(cluster.node(0), "node-0", "race");
        int total = 60;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writes;
        try {
            writes = writer.submit(() -> {
                for (int i = 1; i <= total; i++) {
                    deadline(node1).call(call(key, "append:r" + i));
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> Integer.parseInt(unpack(deadline(node0)
                    .call(call(key, "count")).getReply())) > 0);
        } finally {
            writer.shutdown();
        }
        Follower follower = new Follower(); // joins while events are being appended
        ActorServiceGrpc.newStub(channels.get(1)).followEvents(FollowEventsRequest.newBuilder()
                .setActorType(LEDGER).setActorKey(key).build(), follower);
        writes.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> follower.events.size() >= total);
        assertThat(follower.events.stream().map(ActorEvent::getSeq).toList())
                .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
        follower.cancel();
    }

    @Test
    void followEventsRefusesBadRequests() {
        ActorServiceBlockingStub stub = deadline(node0);
        assertThat(failure(Status.Code.NOT_FOUND, () -> stub.followEvents(FollowEventsRequest.newBuilder()
                .setActorType("nope").setActorKey("k").build()).hasNext()).getDescription())
                .contains("no actor type 'nope'");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> stub.followEvents(FollowEventsRequest.newBuilder()
                .setActorType(LEDGER).setActorKey("k").setFromSeq(-1).build()).hasNext()).getDescription())
                .contains("from_seq must be >= 0");
        assertThat(failure(Status.Code.INVALID_ARGUMENT, () -> stub.followEvents(FollowEventsRequest.newBuilder()
                .setActorType(LEDGER).build()).hasNext()).getDescription())
                .contains("actor_key must not be empty");
    }

    /** Collects a stream's events; cancels it on request. */
    static final class Follower implements ClientResponseObserver<FollowEventsRequest, ActorEvent> {
        final ConcurrentLinkedQueue<ActorEvent> events = new ConcurrentLinkedQueue<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        private volatile ClientCallStreamObserver<FollowEventsRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<FollowEventsRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(ActorEvent value) {
            events.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onCompleted() {
        }

        void cancel() {
            call.cancel("test done", null);
        }
    }
}
