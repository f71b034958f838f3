package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Empty;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deadline cap over a real socket: a service that never answers, asked with a deadline far over the cap. */
class DeadlineCapTest {
    private static final MethodDescriptor<Empty, Empty> HANG = MethodDescriptor.<Empty, Empty>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Slow/Hang")
            .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance())).build();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong seenRemainingMillis = new AtomicLong(-1);
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        ServerServiceDefinition slow = ServerServiceDefinition.builder("test.Slow")
                .addMethod(HANG, ServerCalls.asyncUnaryCall((request, response) -> seenRemainingMillis.set(
                        Context.current().getDeadline().timeRemaining(TimeUnit.MILLISECONDS)))) // never answers
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(slow, new DeadlineCap(Duration.ofMillis(300), timer)))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        timer.shutdownNow();
    }

    @Test
    void aLongerDeadlineIsClampedAndTheCallEndsSayingWhy() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls
                .blockingUnaryCall(channel, HANG, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.HOURS),
                        Empty.getDefaultInstance()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(e.getStatus().getDescription()).startsWith("the call ran into the server's maximum deadline of "
                + "PT0.3S (grpcMaxDeadline), to which its deadline of PT");
        assertThat(seenRemainingMillis.get()).as("the service plans with the clamped deadline").isBetween(0L, 300L);
    }
}
