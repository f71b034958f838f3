package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.botgrid.proto.v1.ActorEvent;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.CallActorRequest;
import io.botgrid.proto.v1.CallActorResponse;
import io.botgrid.proto.v1.FollowEventsRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A service with bugs behind the barrier, on a real socket: its failures reach the caller as INTERNAL with an id. */
class FailureBarrierTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("failure-barrier-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        lines.start();
        logger.addAppender(lines);
        ActorServiceGrpc.ActorServiceImplBase buggy = new ActorServiceGrpc.ActorServiceImplBase() {
            @Override
            public void call(CallActorRequest request, StreamObserver<CallActorResponse> responses) {
                throw new IllegalStateException("a bug\nover two lines");
            }

            @Override
            public void followEvents(FollowEventsRequest request, StreamObserver<ActorEvent> responses) {
                responses.onError(new IllegalArgumentException("not a status"));
            }
        };
        FailureBarrier barrier = new FailureBarrier("node-t", new RateLimitedLog(logger, 10, Duration.ofMinutes(1)));
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).directExecutor()
                .addService(ServerInterceptors.intercept(buggy, barrier)).build().start();
        channel = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        logger.detachAppender(lines);
    }

    private static Status internal(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).as(String.valueOf(e.getStatus())).isEqualTo(Status.Code.INTERNAL);
        assertThat(e.getStatus().getDescription()).matches("internal error on node node-t \\(error id [0-9a-f]{8}\\); "
                + "the node's log has the details");
        return e.getStatus();
    }

    private static String id(Status status) {
        return status.getDescription().replaceAll(".*error id ([0-9a-f]{8}).*", "$1");
    }

    @Test
    void anExceptionThrownByAServiceIsInternalWithAnIdAndOneLogLine() {
        Status status = internal(() -> ActorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10,
                TimeUnit.SECONDS).call(CallActorRequest.getDefaultInstance()));
        List<ILoggingEvent> logged = List.copyOf(lines.list);
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).getLevel()).isEqualTo(Level.ERROR);
        assertThat(logged.get(0).getThrowableProxy()).as("no stack trace").isNull();
        assertThat(logged.get(0).getFormattedMessage()).contains(id(status))
                .contains("botgrid.v1.ActorService/Call").contains("java.lang.IllegalStateException: a bug over two lines")
                .doesNotContain("\n");
    }

    @Test
    void aCallEndedWithAPlainExceptionIsInternalRatherThanUnknown() {
        Status status = internal(() -> ActorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10,
                TimeUnit.SECONDS).followEvents(FollowEventsRequest.getDefaultInstance()).hasNext());
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage()).contains(id(status)).contains("not a status");
    }
}
