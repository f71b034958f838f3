package io.botgrid.it.grpc;

import static io.botgrid.it.grpc.GrpcTestSupport.call;
import static io.botgrid.it.grpc.GrpcTestSupport.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.testkit.TestCluster;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keepalive enforcement over a real socket: a client that pings every 10 s (grpc-java's shortest interval) with no
 * call open, against a front that permits pings only every hour and never without a call, is sent away (GOAWAY
 * {@code too_many_pings}) after grpc-java's two strikes, about 30 s; its next call opens a new connection and runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcKeepAliveTest {
    private static TestCluster cluster;
    private static ManagedChannel pinger;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcPermitKeepAliveTime(Duration.ofHours(1))).start();
        pinger = NettyChannelBuilder.forAddress("127.0.0.1", cluster.node(0).grpcPort()).usePlaintext()
                .keepAliveTime(10, TimeUnit.SECONDS).keepAliveWithoutCalls(true).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            GrpcTestSupport.close(List.of(pinger));
        } finally {
            cluster.close();
        }
    }

    @Test
    void aClientPingingTooOftenIsSentAwayAndReconnectsForItsNextCall() {
        assertThat(unpack(ActorServiceGrpc.newBlockingStub(pinger).withDeadlineAfter(20, TimeUnit.SECONDS)
                .call(call("k", "count")).getReply())).isEqualTo("0");
        assertThat(pinger.getState(false)).isEqualTo(ConnectivityState.READY);
        AtomicBoolean left = new AtomicBoolean();
        watch(left);
        await().atMost(Duration.ofSeconds(75)).untilTrue(left);
        assertThat(unpack(ActorServiceGrpc.newBlockingStub(pinger).withDeadlineAfter(20, TimeUnit.SECONDS)
                .call(call("k", "count")).getReply())).as("the next call reconnects").isEqualTo("0");
    }

    /** Sets {@code left} once the channel leaves READY (the node closed the connection). */
    private static void watch(AtomicBoolean left) {
        ConnectivityState now = pinger.getState(false);
        if (now != ConnectivityState.READY) {
            left.set(true);
            return;
        }
        pinger.notifyWhenStateChanged(now, () -> watch(left));
    }
}
