package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorId;
import io.botgrid.node.BotgridNode;
import io.botgrid.telemetry.Event;
import io.botgrid.testkit.TestCluster;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /health/live} and {@code /health/ready} of real nodes, and the gRPC health service following readiness,
 * through a drain and through lost partitions.
 */
class HealthEndpointTest {

    @Test
    @Timeout(120)
    void aDrainingNodeIsLiveButNotReadyAndItsGrpcHealthTurnsNotServing() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(new LedgerTypes().get()).start()) {
            BotgridNode node = cluster.node(0);
            int port = node.metricsPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> ObservabilityHttp.get(port, "/health/ready")
                    .statusCode() == 200);
            HttpResponse<String> ready = ObservabilityHttp.get(port, "/health/ready");
            assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(ready.body()).startsWith("{\"status\":\"UP\"").doesNotContain("reason");
            assertThat(grpcHealth(node)).isEqualTo(ServingStatus.SERVING);

            node.drain();

            HttpResponse<String> notReady = ObservabilityHttp.get(port, "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).startsWith("{\"status\":\"DOWN\"")
                    .contains("{\"name\":\"not-draining\",\"status\":\"DOWN\",\"reason\":\"the node is draining or "
                            + "stopping\"}")
                    .contains("{\"name\":\"runtime-running\",\"status\":\"DOWN\",\"reason\":\"the actor runtime does not "
                            + "take calls (starting or stopped)\"}")
                    .contains("{\"name\":\"joined\",\"status\":\"UP\"}");
            HttpResponse<String> live = ObservabilityHttp.get(port, "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"process\",\"status\":\"UP\"}]}");
            await().atMost(Duration.ofSeconds(10)).until(() -> grpcHealth(node) == ServingStatus.NOT_SERVING);
        }
    }

    @Test
    @Timeout(180)
    void aNodeHoldingLostPartitionsIsNotReadyEmitsTheEventAndCountsThem() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(new LedgerTypes().get()).start()) {
            BotgridNode survivor = cluster.node(0);
            int port = survivor.metricsPort();
            for (int i = 0; i < 30; i++) {
                survivor.actors().ask(ActorId.of(LedgerTypes.LEDGER, "h-" + i), cmd("append:x")).join();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ObservabilityHttp.get(port, "/health/ready")
                    .statusCode() == 200);
            List<Event> lost = new CopyOnWriteArrayList<>();
            survivor.telemetry().events().subscribe(batch -> batch.stream()
                    .filter(e -> e.name().equals("partitions.lost")).forEach(lost::add));

            // Keep the baseline as it is: otherwise it may follow the first kill and move every copy onto the two
            // remaining nodes before the second one goes, and nothing would be lost.
            survivor.ignite().cluster().baselineAutoAdjustEnabled(false);
            cluster.killNode(1);
            cluster.killNode(2);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> ready = ObservabilityHttp.get(port, "/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
                assertThat(ready.body()).contains("{\"name\":\"no-lost-partitions\",\"status\":\"DOWN\","
                        + "\"reason\":\"lost partitions (every copy gone): botgrid-");
            });
            assertThat(ObservabilityHttp.get(port, "/health/live").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> grpcHealth(survivor) == ServingStatus.NOT_SERVING);
            await().atMost(Duration.ofSeconds(15)).until(() -> !lost.isEmpty());
            assertThat(lost.get(0).metadata()).containsEntry("node", survivor.name());
            String metrics = ObservabilityHttp.get(port, "/metrics").body();
            assertThat(metrics).containsPattern(
                    "botgrid_ignite_partitions\\{group=\"botgrid-actors\",state=\"lost\"} [1-9]");
        }
    }

    private static ServingStatus grpcHealth(BotgridNode node) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", node.grpcPort(),
                InsecureChannelCredentials.create()).build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
