package io.botgrid.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.client.ActorEvent;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.Subscription;
import io.botgrid.it.ItSupport;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SDK against a real cluster over real sockets, while the node it talks to dies. */
class SdkFailoverTest {

    private static String endpoint(TestCluster cluster, int node) {
        return "127.0.0.1:" + cluster.node(node).grpcPort();
    }

    @Test
    @Timeout(240)
    void callsSurviveTheDeathOfTheNodeTheClientUsesAndNoneIsAppliedTwice() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcPort(0)).start();
             BotgridClient client = BotgridClient.builder()
                     .endpoints(endpoint(cluster, 2), endpoint(cluster, 0))
                     .defaultDeadline(Duration.ofSeconds(20))
                     .build()) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                keys.add("sdk-" + i);
            }
            Map<String, Queue<String>> acknowledged = new ConcurrentHashMap<>();
            keys.forEach(k -> acknowledged.put(k, new ConcurrentLinkedQueue<>()));
            Queue<BotgridException> failures = new ConcurrentLinkedQueue<>();
            Queue<Throwable> undeclared = new ConcurrentLinkedQueue<>();
            AtomicInteger ok = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            CountDownLatch done = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    try {
                        for (int n = 0; running.get(); n++) {
                            String key = keys.get((n * 4 + thread) % keys.size());
                            String tag = "s" + thread + "-" + n;
                            try {
                                client.actors().callBlocking(ItSupport.LEDGER, key, StringValue.of("append:" + tag),
                                        StringValue.class);
                                acknowledged.get(key).add(tag);
                                ok.incrementAndGet();
                            } catch (BotgridException e) {
                                failures.add(e);
                            } catch (RuntimeException e) {
                                undeclared.add(e);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "sdk-load-" + t);
                worker.setDaemon(true);
                worker.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() >= 800);
            cluster.killNode(2); // the node the client is talking to
            int atKill = ok.get();
            await().atMost(Duration.ofSeconds(90)).until(() -> ok.get() >= atKill + 800);
            running.set(false);
            done.await();

            assertThat(undeclared).as("only BotgridException reaches the caller").isEmpty();
            assertThat(failures).allSatisfy(e -> assertThat(e.getMessage()).isNotBlank());
            cluster.awaitStable();
            Map<ActorId, Queue<String>> byActor = new ConcurrentHashMap<>();
            acknowledged.forEach((k, v) -> byActor.put(ActorId.of(ItSupport.LEDGER, k), v));
            ItSupport.assertExactlyOnce(cluster.node(0).events(), byActor);
        }
    }

    @Test
    @Timeout(180)
    void followedEventsResumeOnAnotherNodeWithoutLossOrRepeat() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcPort(0)).start();
             BotgridClient client = BotgridClient.builder()
                     .endpoints(endpoint(cluster, 2), endpoint(cluster, 1))
                     .build()) {
            Queue<Long> seen = new ConcurrentLinkedQueue<>();
            Queue<String> events = new ConcurrentLinkedQueue<>();
            for (int i = 1; i <= 5; i++) {
                client.actors().callBlocking(ItSupport.LEDGER, "followed", StringValue.of("append:e" + i),
                        StringValue.class);
            }
            try (Subscription sub = client.actors().follow(ItSupport.LEDGER, "followed", 1, StringValue.class,
                    (ActorEvent<StringValue> e) -> {
                        seen.add(e.seq());
                        events.add(e.event().getValue());
                    }, e -> events.add("error: " + e.getMessage()))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 5);
                cluster.killNode(2);
                for (int i = 6; i <= 10; i++) {
                    client.actors().callBlocking(ItSupport.LEDGER, "followed", StringValue.of("append:e" + i),
                            StringValue.class);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() >= 10);
                assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
                assertThat(events).containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10");
                assertThat(sub.lastSeq()).isEqualTo(10);
            }
        }
    }
}
