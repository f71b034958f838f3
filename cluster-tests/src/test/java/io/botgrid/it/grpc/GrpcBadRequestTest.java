package io.botgrid.it.grpc;

import static io.botgrid.it.grpc.GrpcTestSupport.call;
import static io.botgrid.it.grpc.GrpcTestSupport.failure;
import static io.botgrid.it.grpc.GrpcTestSupport.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.CodedOutputStream;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.testkit.TestCluster;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Requests that are not what the method takes, sent as raw bytes over a real socket the way a client in another
 * language can: a body that is not protobuf, a proto3 string that is not UTF-8, and the unpaired surrogate a
 * JavaScript client encodes into a string. Each is INVALID_ARGUMENT naming the message or the field, and costs the
 * node's log one WARN line without a stack trace; a flood of them a bounded number of lines.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcBadRequestTest {
    private static final MethodDescriptor.Marshaller<byte[]> RAW = GrpcTestSupport.RAW_BYTES;
    private static final MethodDescriptor<byte[], byte[]> CALL = raw(ActorServiceGrpc.getCallMethod());
    private static final MethodDescriptor<byte[], byte[]> SEND_MESSAGE =
            raw(ConversationServiceGrpc.getSendMessageMethod());
    private static final MethodDescriptor<byte[], byte[]> CONVERSE = raw(ConversationServiceGrpc.getConverseMethod());

    /** "(" after a lead byte that wants a continuation byte: the classic invalid UTF-8. */
    private static final byte[] INVALID_UTF8 = {(byte) 0xC3, 0x28};
    /** U+D800 alone, as JavaScript encoders (protobuf.js) write an unpaired surrogate: not UTF-8. */
    private static final byte[] UNPAIRED_SURROGATE = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    private static final byte[] NOT_PROTOBUF = "this is not protobuf".getBytes(StandardCharsets.US_ASCII);

    private static TestCluster cluster;
    private static ManagedChannel channel;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        log = LogCapture.start();
        cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).start();
        channel = GrpcTestSupport.plaintext(cluster.node(0));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            GrpcTestSupport.close(List.of(channel));
        } finally {
            cluster.close();
            log.close();
        }
    }

    @BeforeEach
    void clearLog() {
        log.clear();
    }

    private static <Q, R> MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<Q, R> method) {
        return method.toBuilder(RAW, RAW).build();
    }

    /** A length-delimited field: tag, length, bytes, written by hand. */
    private static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeByteArray(number, value);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] field(int number, String value) {
        return field(number, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    /** CallActorRequest{actor_type: "ledger", actor_key: <invalid UTF-8>, command: ...}. */
    private static byte[] callWithInvalidKey() {
        return concat(field(1, GrpcTestSupport.LEDGER), field(2, INVALID_UTF8),
                field(3, GrpcTestSupport.text("count").toByteArray()));
    }

    /** SendMessageRequest{bot_id: "echo", conversation: "c-1", text: <unpaired surrogate>}. */
    private static byte[] messageWithUnpairedSurrogate() {
        return concat(field(1, "echo"), field(3, "c-1"), field(5, concat("hi ".getBytes(StandardCharsets.UTF_8),
                UNPAIRED_SURROGATE)));
    }

    private static Status unary(MethodDescriptor<byte[], byte[]> method, byte[] request) {
        return failure(Status.Code.INVALID_ARGUMENT, () -> ClientCalls.blockingUnaryCall(channel, method,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request));
    }

    /** The one WARN line the refusal wrote, without a stack trace; nothing at ERROR. */
    private static void assertOneWarnLine(String mentioning) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !log.grpcLines().isEmpty());
        List<ILoggingEvent> lines = log.grpcLines();
        assertThat(lines).as("lines of the front and grpc-java").hasSize(1);
        assertThat(lines.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(lines.get(0).getThrowableProxy()).as("no stack trace").isNull();
        assertThat(lines.get(0).getFormattedMessage()).contains(mentioning);
    }

    @Test
    @Order(1)
    void aBodyThatIsNotProtobufIsInvalidArgumentNamingTheMessage() {
        assertThat(unary(CALL, NOT_PROTOBUF).getDescription())
                .contains("botgrid.v1.ActorService/Call").contains("not a valid botgrid.v1.CallActorRequest");
        assertOneWarnLine("botgrid.v1.CallActorRequest");
    }

    @Test
    @Order(2)
    void invalidUtf8InActorKeyIsInvalidArgumentNamingTheField() {
        assertThat(unary(CALL, callWithInvalidKey()).getDescription())
                .startsWith("field 'actor_key' of botgrid.v1.CallActorRequest is not valid UTF-8");
        assertOneWarnLine("field 'actor_key'");
    }

    @Test
    @Order(3)
    void anUnpairedSurrogateInAMessageTextIsInvalidArgumentNamingTheField() {
        assertThat(unary(SEND_MESSAGE, messageWithUnpairedSurrogate()).getDescription())
                .startsWith("field 'text' of botgrid.v1.SendMessageRequest is not valid UTF-8");
        assertOneWarnLine("field 'text'");
    }

    @Test
    @Order(4)
    void aBadMessageOnAConversationStreamEndsItWithInvalidArgumentAndFreesTheStream() throws Exception {
        CompletableFuture<Status> closed = new CompletableFuture<>();
        ClientCall<byte[], byte[]> call = channel.newCall(CONVERSE, CallOptions.DEFAULT
                .withDeadlineAfter(10, TimeUnit.SECONDS));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(1);
        // ConverseRequest{message: ConverseMessage{text: <unpaired surrogate>}}
        call.sendMessage(field(2, field(1, UNPAIRED_SURROGATE)));
        Status status = closed.get(10, TimeUnit.SECONDS);
        assertThat(status.getCode()).as(String.valueOf(status)).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription())
                .startsWith("field 'message.text' of botgrid.v1.ConverseRequest is not valid UTF-8");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(cluster.node(0).grpcServer().orElseThrow().openStreams()).isZero());
        assertOneWarnLine("field 'message.text'");
    }

    @Test
    @Order(5)
    void wellFormedRequestsStillWork() {
        assertThat(unpack(ActorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .call(call("still-fine", "append:x")).getReply())).isEqualTo("1");
    }

    @Test
    @Order(6)
    void aFloodOfBadRequestsWritesABoundedNumberOfLines() throws Exception {
        List<byte[]> kinds = List.of(NOT_PROTOBUF, callWithInvalidKey());
        List<ListenableFuture<byte[]>> calls = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            if (i % 3 == 2) {
                calls.add(ClientCalls.futureUnaryCall(channel.newCall(SEND_MESSAGE, CallOptions.DEFAULT
                        .withDeadlineAfter(60, TimeUnit.SECONDS)), messageWithUnpairedSurrogate()));
            } else {
                calls.add(ClientCalls.futureUnaryCall(channel.newCall(CALL, CallOptions.DEFAULT
                        .withDeadlineAfter(60, TimeUnit.SECONDS)), kinds.get(i % 3)));
            }
        }
        for (ListenableFuture<byte[]> c : calls) {
            try {
                c.get(60, TimeUnit.SECONDS);
                throw new AssertionError("a bad request was accepted");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
                assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT);
            }
        }
        List<ILoggingEvent> lines = log.grpcLines();
        assertThat(lines).as("1,000 refusals, a bounded log").hasSizeLessThanOrEqualTo(30);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
        });
    }
}
