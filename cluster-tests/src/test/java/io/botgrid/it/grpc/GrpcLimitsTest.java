package io.botgrid.it.grpc;

import static io.botgrid.it.grpc.GrpcTestSupport.call;
import static io.botgrid.it.grpc.GrpcTestSupport.failure;
import static io.botgrid.it.grpc.GrpcTestSupport.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.common.util.concurrent.ListenableFuture;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorEvent;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.CallActorResponse;
import io.botgrid.proto.v1.FollowEventsRequest;
import io.botgrid.testkit.TestCluster;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gRPC front's limits over real sockets, on a node configured with small ones: a message or metadata larger
 * than allowed, more concurrent streams on one connection than allowed, a deadline longer than the maximum, and an
 * event stream whose reader does not read.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcLimitsTest {
    private static final int MAX_MESSAGE = 64 * 1024;
    private static final int MAX_METADATA = 2 * 1024;
    private static final int MAX_STREAMS = 2;

    private static TestCluster cluster;
    private static final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcMaxMessageBytes(MAX_MESSAGE).grpcMaxMetadataBytes(MAX_METADATA)
                        .grpcMaxConcurrentStreams(MAX_STREAMS).grpcMaxDeadline(Duration.ofSeconds(1)))
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            GrpcTestSupport.close(channels);
        } finally {
            cluster.close();
        }
    }

    private static ManagedChannel channel() {
        ManagedChannel c = GrpcTestSupport.plaintext(cluster.node(0));
        channels.add(c);
        return c;
    }

    @Test
    void aMessageOverTheLimitIsResourceExhaustedSayingTheSizes() {
        ManagedChannel c = channel();
        Status status = failure(Status.Code.RESOURCE_EXHAUSTED, () -> ActorServiceGrpc.newBlockingStub(c)
                .withDeadlineAfter(10, TimeUnit.SECONDS).call(call("big", "append:" + "x".repeat(MAX_MESSAGE))));
        System.out.println("grpc-limits message: " + status);
        assertThat(status.getDescription()).contains(Integer.toString(MAX_MESSAGE));
        assertThat(unpack(ActorServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
                .call(call("big", "count")).getReply())).as("the connection still serves").isEqualTo("0");
    }

    /**
     * Each request over the limit is refused after its first bytes while the client is still sending a body larger
     * than any flow-control window; the front resets the stream after its trailers, or each such request would keep
     * one of the connection's {@value #MAX_STREAMS} streams open for good and the next call would wait until its
     * deadline (found by {@code LiveFuzzTest}).
     */
    @Test
    void requestsOverTheLimitDoNotUseUpTheConnectionsStreams() {
        ManagedChannel c = channel();
        String body = "x".repeat(16 * 1024 * 1024); // over the limit, and over the 8 MiB gRPC's window grows to
        for (int i = 0; i < 3 * MAX_STREAMS; i++) {
            Status status = failure(Status.Code.RESOURCE_EXHAUSTED, () -> ActorServiceGrpc.newBlockingStub(c)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).call(call("big", "append:" + body)));
            assertThat(status.getDescription()).as("refusal " + i).contains(Integer.toString(MAX_MESSAGE));
        }
        assertThat(unpack(ActorServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
                .call(call("after-big", "count")).getReply())).as("the connection still serves").isEqualTo("0");
    }

    /**
     * grpc-java logs a refusal in its transport with a stack trace, once per request; the node writes a WARN line
     * without it instead (at most 10 per 10 s, so the test sends until one is written), so that a client sending
     * oversized requests cannot fill the log with stack traces.
     */
    @Test
    void aRefusalInTheTransportIsOneLogLineWithoutAStackTrace() {
        try (LogCapture log = LogCapture.start()) {
            ManagedChannel c = channel();
            String body = "x".repeat(MAX_MESSAGE);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                failure(Status.Code.RESOURCE_EXHAUSTED, () -> ActorServiceGrpc.newBlockingStub(c)
                        .withDeadlineAfter(10, TimeUnit.SECONDS).call(call("big", "append:" + body)));
                return !log.grpcLines().isEmpty();
            });
            List<ILoggingEvent> lines = log.grpcLines();
            assertThat(lines).as("lines of the front and grpc-java").allSatisfy(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.WARN);
                assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
                assertThat(line.getFormattedMessage()).startsWith("gRPC request refused by the transport: ")
                        .contains(Integer.toString(MAX_MESSAGE));
            });
        }
    }

    @Test
    void metadataOverTheLimitIsRefusedAndTheNodeServesOn() {
        ManagedChannel c = channel();
        Metadata big = new Metadata();
        big.put(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), "p".repeat(2 * MAX_METADATA));
        StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
                () -> ActorServiceGrpc.newBlockingStub(c).withInterceptors(MetadataUtils
                        .newAttachHeadersInterceptor(big)).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .call(call("meta", "count")));
        assertThat(e).as("refused").isNotNull();
        System.out.println("grpc-limits metadata: " + e.getStatus());
        assertThat(e.getStatus().getCode()).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.INTERNAL);
        assertThat(unpack(ActorServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .call(call("meta", "count")).getReply())).isEqualTo("0");
    }

    @Test
    void aConnectionCarriesNoMoreThanItsStreamsWhileOtherConnectionsAreServed() throws Exception {
        ManagedChannel c = channel();
        List<ClientCall<FollowEventsRequest, ActorEvent>> streams = new ArrayList<>();
        int before = cluster.node(0).grpcServer().orElseThrow().openStreams();
        for (int i = 0; i < MAX_STREAMS; i++) {
            ClientCall<FollowEventsRequest, ActorEvent> stream = c.newCall(ActorServiceGrpc.getFollowEventsMethod(),
                    io.grpc.CallOptions.DEFAULT);
            stream.start(new ClientCall.Listener<>() {
            }, new Metadata());
            stream.sendMessage(FollowEventsRequest.newBuilder().setActorType(GrpcTestSupport.LEDGER)
                    .setActorKey("s-" + i).build());
            stream.halfClose();
            stream.request(100);
            streams.add(stream);
            int open = before + i + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node(0).grpcServer().orElseThrow()
                    .openStreams() == open);
            if (i < MAX_STREAMS - 1) {
                assertThat(unpack(ActorServiceGrpc.newBlockingStub(c).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .call(call("below-limit", "count")).getReply())).as("a stream is still free").isEqualTo("0");
            }
        }
        ListenableFuture<CallActorResponse> beyond = ActorServiceGrpc.newFutureStub(c)
                .withDeadlineAfter(30, TimeUnit.SECONDS).call(call("beyond-limit", "count"));
        assertThat(unpack(ActorServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .call(call("other-connection", "count")).getReply())).as("another connection is not held up")
                .isEqualTo("0");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> !beyond.isDone());
        // Open question (docs/reliability.md): with grpc-java 1.85 the waiting call was not always started once the
        // streams were cancelled, so the test ends it rather than asserting when it runs.
        beyond.cancel(true);
        streams.forEach(stream -> stream.cancel("done following", null));
    }

    @Test
    void aDeadlineLongerThanTheMaximumIsClamped() throws Exception {
        ListenableFuture<CallActorResponse> slow = ActorServiceGrpc.newFutureStub(channel())
                .withDeadlineAfter(60, TimeUnit.SECONDS).call(call("slow", "sleep:4000"));
        ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> slow.get(20, TimeUnit.SECONDS)); // well before the 60 s the caller asked for
        Status status = Status.fromThrowable(e.getCause());
        System.out.println("grpc-limits deadline: " + status);
        assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(unpack(ActorServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(20, TimeUnit.SECONDS)
                .call(call("fast", "count")).getReply())).as("a call within the maximum runs").isEqualTo("0");
    }

    @Test
    void aReaderThatPausesLosesNothingAndGetsTheRestWhenItReadsAgain() throws Exception {
        ManagedChannel c = channel();
        var stub = ActorServiceGrpc.newBlockingStub(c).withDeadlineAfter(30, TimeUnit.SECONDS);
        String payload = "e".repeat(8 * 1024);
        int events = 200; // 1.6 MiB: more than the client's 1 MiB HTTP/2 window, so the server must hold back
        for (int i = 0; i < events; i++) {
            stub.call(call("slow-reader", "append:" + payload));
        }
        AtomicInteger received = new AtomicInteger();
        ClientCallStreamObserver<?>[] requestor = new ClientCallStreamObserver<?>[1];
        ActorServiceGrpc.newStub(c).followEvents(FollowEventsRequest.newBuilder().setActorType(GrpcTestSupport.LEDGER)
                .setActorKey("slow-reader").build(), new ClientResponseObserver<FollowEventsRequest, ActorEvent>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<FollowEventsRequest> call) {
                        requestor[0] = call;
                        call.disableAutoRequestWithInitial(1);
                    }

                    @Override
                    public void onNext(ActorEvent value) {
                        received.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 1);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> received.get() == 1);
        requestor[0].request(events - 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.get() == events);
        requestor[0].cancel("read everything", null);
    }
}
