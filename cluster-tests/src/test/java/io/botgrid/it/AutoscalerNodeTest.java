package io.botgrid.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorTypes;
import io.botgrid.client.BotgridClient;
import io.botgrid.proto.v1.ScalingDecision;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.telemetry.Event;
import io.botgrid.testkit.TestCluster;
import io.botgrid.workers.AutoscalePolicy;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.spi.WorkerMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The autoscaler on a real node: a backlog in a slow stage leads to an "up" decision that the status API (gRPC, SDK)
 * lists with its inputs, the sampled events carry, and {@code /metrics} counts, next to the worker and chain stage
 * metrics.
 */
class AutoscalerNodeTest {
    @Test
    @Timeout(120)
    void aBacklogScalesTheStageAndTheDecisionIsInStatusEventsAndMetrics() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ActorTypes.none())
                .configure(b -> b.botsEnabled(false).grpcPort(0)).start()) {
            var node = cluster.node(0);
            Set<String> events = ConcurrentHashMap.newKeySet();
            AutoCloseable sub = node.telemetry().events().subscribe(batch -> {
                for (Event e : batch) {
                    events.add(e.name());
                }
            });
            ChainSpec chain = ChainSpec.of("scaled", List.of(
                    ChainSpec.Stage.of("in", FunctionRef.of("echo")),
                    ChainSpec.Stage.of("slow", FunctionRef.of("delay", Map.of("millis", "20")))
                            .withInstances(1, 6).withQueueCapacity(500)
                            .withAutoscale(AutoscalePolicy.DEFAULT.withTargetBacklog(5)
                                    .withCooldown(Duration.ofSeconds(1)))));
            node.workerCluster().declare(chain);
            await().atMost(Duration.ofSeconds(30)).until(() -> node.workers().status("scaled")
                    .map(s -> s.state() == io.botgrid.workers.WorkerState.RUNNING).orElse(false));
            // 300 items at once: 6 s of work for one instance, far over a backlog target of 5
            List<CompletableFuture<List<WorkerMessage>>> pushed = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                pushed.add(node.workers().push("scaled", Optional.empty(), WorkerMessage.of("i" + i))
                        .toCompletableFuture());
            }
            try (BotgridClient client = BotgridClient.builder().endpoints("127.0.0.1:" + node.grpcPort())
                    .defaultDeadline(Duration.ofSeconds(20)).build()) {
                List<ScalingDecision> decisions = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    List<SpecStatus> st = client.workers().statusBlocking(Optional.of("scaled"));
                    decisions.clear();
                    st.forEach(s -> decisions.addAll(s.getScalingDecisionsList()));
                    return decisions.stream().anyMatch(d -> d.getAction().equals("up"));
                });
                ScalingDecision up = decisions.stream().filter(d -> d.getAction().equals("up")).findFirst()
                        .orElseThrow();
                assertThat(up.getStage()).isEqualTo("slow");
                assertThat(up.getFromInstances()).isEqualTo(1);
                assertThat(up.getToInstances()).isBetween(2, 3);
                assertThat(up.getBacklog()).isGreaterThan(5);
                assertThat(up.getReason()).startsWith("backlog ").contains("> target 5");
                assertThat(up.getHandlingMs()).isGreaterThanOrEqualTo(20.0);
            }
            CompletableFuture.allOf(pushed.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.containsAll(
                    Set.of("worker.started", "chain.backlog", "autoscaler.decision")));
            sub.close();

            HttpResponse<String> metrics = ObservabilityHttp.get(node.metricsPort(), "/metrics");
            String body = metrics.body();
            for (String family : List.of("botgrid_chain_stage_items_total", "botgrid_chain_stage_handling_seconds",
                    "botgrid_chain_stage_wait_seconds", "botgrid_chain_stage_instances",
                    "botgrid_chain_stage_backlog_items", "botgrid_worker_starts_total", "botgrid_worker_crashes_total",
                    "botgrid_worker_restarts_total", "botgrid_worker_failures_total",
                    "botgrid_autoscaler_decisions_total", "botgrid_autoscaler_desired_instances",
                    "botgrid_autoscaler_max_instances")) {
                assertThat(body).as(family).contains("# TYPE " + family + " ");
            }
            assertThat(body).contains("botgrid_chain_stage_items_total{chain=\"scaled\",outcome=\"handled\","
                    + "stage=\"slow\"} 300.0")
                    .contains("botgrid_autoscaler_decisions_total{action=\"up\",chain=\"scaled\",stage=\"slow\"}")
                    // the ceiling of the autoscaled stage only: "in" has no policy
                    .contains("botgrid_autoscaler_max_instances{chain=\"scaled\",stage=\"slow\"} 6.0")
                    .doesNotContain("botgrid_autoscaler_max_instances{chain=\"scaled\",stage=\"in\"}");
        }
    }
}
