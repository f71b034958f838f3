package io.botgrid.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.it.ItSupport;
import io.botgrid.node.NodeConfig;
import io.botgrid.testkit.TestCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rolling restart of docs/operations.md, under load: each node of a 3-node cluster in turn is stopped
 * gracefully (SIGTERM in production), started again on its data and waited for (ready, back in the topology and
 * baseline, rebalancing over) before the next. The baseline does not follow the short absence
 * ({@code baselineAutoAdjust} longer than a restart, as the procedure says), so no data moves for good. An SDK client
 * appending unique tags through all nodes' gRPC fronts sees no error (its own retries absorb the restarts), and every
 * acknowledged append is in the journal exactly once.
 */
class RollingRestartTest {

    @Test
    @Timeout(300)
    void restartingEachNodeInTurnUnderLoadLosesNothingAndTheClientSeesNoError() throws Exception {
        Map<String, Integer> grpcPorts = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            grpcPorts.put("node-" + i, freePort());
        }
        // The baseline forms at once when the cluster is new, then stops following short absences.
        Duration longAdjust = Duration.ofMinutes(5);
        AtomicReference<Duration> adjust = new AtomicReference<>(Duration.ZERO);
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> {
                    NodeConfig c = b.build();
                    // Fixed ports, as on real machines: a restarted node is where its clients knew it.
                    return b.grpcPort(grpcPorts.get(c.nodeName())).baselineAutoAdjust(adjust.get());
                }).start();
             BotgridClient client = BotgridClient.builder()
                     .endpoints(grpcPorts.values().stream().map(p -> "127.0.0.1:" + p).toArray(String[]::new))
                     .defaultDeadline(Duration.ofSeconds(20))
                     .build()) {
            adjust.set(longAdjust);
            cluster.node(0).ignite().cluster().baselineAutoAdjustTimeout(longAdjust.toMillis());
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                keys.add("roll-" + i);
            }
            Map<String, Queue<String>> acknowledged = new ConcurrentHashMap<>();
            keys.forEach(k -> acknowledged.put(k, new ConcurrentLinkedQueue<>()));
            Queue<String> errors = new ConcurrentLinkedQueue<>();
            AtomicInteger ok = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            int threads = 4;
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    try {
                        for (int n = 0; running.get(); n++) {
                            String key = keys.get((n * threads + thread) % keys.size());
                            String tag = "r" + thread + "-" + n;
                            try {
                                client.actors().callBlocking(ItSupport.LEDGER, key, StringValue.of("append:" + tag),
                                        StringValue.class);
                                acknowledged.get(key).add(tag);
                                ok.incrementAndGet();
                            } catch (BotgridException e) {
                                errors.add(key + " " + tag + ": " + e.getMessage());
                            } catch (RuntimeException e) {
                                errors.add(key + " " + tag + ": undeclared " + e);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "rolling-load-" + t);
                worker.setDaemon(true);
                worker.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() >= 100);

            for (int i = 0; i < cluster.size(); i++) {
                cluster.stopNode(i);
                int whileDown = ok.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() >= whileDown + 50);
                cluster.startNode(i);
                cluster.awaitStable(Duration.ofSeconds(90));
                assertThat(cluster.node(i).isReady()).as("node-%d ready after its restart", i).isTrue();
                int afterRestart = ok.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() >= afterRestart + 50);
            }
            running.set(false);
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();

            assertThat(errors).as("errors the SDK client saw beyond its own retries").isEmpty();
            Map<ActorId, Queue<String>> byActor = new HashMap<>();
            acknowledged.forEach((k, v) -> byActor.put(ActorId.of(ItSupport.LEDGER, k), v));
            ItSupport.assertExactlyOnce(cluster.node(0).events(), byActor);
            System.out.println("RollingRestartTest: acknowledged appends: " + ok.get());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
