package io.botgrid.it.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.internal.Stores;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.internal.Partitions;
import io.botgrid.it.ItSupport;
import io.botgrid.node.BotgridNode;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SDK's routing to the owner ({@code routeToOwners}) against a real 3-node cluster: its partition of an actor is
 * the cluster's, its calls land on the owner (no node forwards them), and it keeps working, applying nothing twice,
 * while a node leaves and comes back, reading the map again when the cluster says it went stale.
 */
class SdkOwnerRoutingTest {
    private static final int KEYS = 60;

    private static String endpoint(TestCluster cluster, int node) {
        return "127.0.0.1:" + cluster.node(node).grpcPort();
    }

    /** Calls the nodes sent on to another node (each forwarded hop counts once, on the forwarding node). */
    private static long forwardedHops(TestCluster cluster) {
        return cluster.live().mapToLong(n -> n.metrics().remoteCalls("answered") + n.metrics().remoteCalls("resent"))
                .sum();
    }

    private static void callEveryKey(BotgridClient client, String prefix, int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < KEYS; k++) {
                client.actors().callBlocking(ItSupport.LEDGER, prefix + k, StringValue.of("append:" + prefix + r),
                        StringValue.class);
            }
        }
    }

    @Test
    @Timeout(120)
    void theSdksPartitionOfAnActorIsTheClustersOwn() {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).start()) {
            Ignite ignite = cluster.node(0).ignite();
            Affinity<Object> affinity = ignite.affinity(Stores.JOURNAL);
            RendezvousAffinityFunction notPowerOfTwo = new RendezvousAffinityFunction(false, 1000);
            Random random = new Random(14);
            for (int i = 0; i < 20_000; i++) {
                String type = i % 3 == 0 ? "ledger" : "t" + random.nextInt(1000);
                String key = randomKey(random, i);
                String actor = ActorId.of(type, key).asString();
                assertThat(Partitions.of(type, key, affinity.partitions())).as(actor)
                        .isEqualTo(affinity.partition(actor));
                assertThat(Partitions.ofKey(actor, 1000)).as(actor).isEqualTo(notPowerOfTwo.partition(actor));
            }
        }
    }

    private static String randomKey(Random random, int i) {
        StringBuilder b = new StringBuilder();
        int length = 1 + random.nextInt(i % 10 == 0 ? 300 : 24);
        for (int c = 0; c < length; c++) {
            int kind = random.nextInt(10);
            b.appendCodePoint(kind < 7 ? 'a' + random.nextInt(26) : kind < 9 ? 0x400 + random.nextInt(200)
                    : 0x1F600 + random.nextInt(50));
        }
        return b.toString();
    }

    @Test
    @Timeout(240)
    void routedCallsLandOnTheOwnerWhileUnroutedOnesAreForwarded() {
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcPort(0)).start();
             BotgridClient plain = BotgridClient.builder().endpoints(endpoint(cluster, 0)).build();
             BotgridClient routed = BotgridClient.builder().endpoints(endpoint(cluster, 0)).routeToOwners(true)
                     .build()) {
            cluster.awaitStable();
            callEveryKey(plain, "r", 1); // activations
            long before = forwardedHops(cluster);
            callEveryKey(plain, "r", 2);
            long plainHops = forwardedHops(cluster) - before;
            assertThat(plainHops).as("through one endpoint, the calls of the actors the other two nodes own hop")
                    .isGreaterThan(KEYS / 3);

            callEveryKey(routed, "r", 1); // warm-up: the map arrives
            long warm = forwardedHops(cluster);
            callEveryKey(routed, "r", 2);
            assertThat(forwardedHops(cluster) - warm).as("forwarded hops of %d routed calls", 2 * KEYS)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    @Timeout(300)
    void callsKeepSucceedingWhileANodeLeavesAndComesBackAndNoneIsAppliedTwice() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcPort(0)).start();
             BotgridClient client = BotgridClient.builder().endpoints(endpoint(cluster, 0), endpoint(cluster, 1))
                     .routeToOwners(true).defaultDeadline(Duration.ofSeconds(20)).build()) {
            cluster.awaitStable();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                keys.add("moving-" + i);
            }
            Map<String, Queue<String>> acknowledged = new ConcurrentHashMap<>();
            keys.forEach(k -> acknowledged.put(k, new ConcurrentLinkedQueue<>()));
            Queue<BotgridException> failures = new ConcurrentLinkedQueue<>();
            Queue<Throwable> undeclared = new ConcurrentLinkedQueue<>();
            AtomicInteger ok = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            CountDownLatch done = new CountDownLatch(3);
            for (int t = 0; t < 3; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    try {
                        for (int n = 0; running.get(); n++) {
                            String key = keys.get((n * 3 + thread) % keys.size());
                            String tag = "m" + thread + "-" + n;
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
                }, "routed-load-" + t);
                worker.setDaemon(true);
                worker.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() >= 300);
            cluster.stopNode(2); // owns about a third of the actors; the client's map still names it
            int atStop = ok.get();
            await().atMost(Duration.ofSeconds(90)).until(() -> ok.get() >= atStop + 300);
            BotgridNode back = cluster.startNode(2); // takes its partitions back: the map goes stale again
            cluster.awaitStable();
            int atJoin = ok.get();
            await().atMost(Duration.ofSeconds(90)).until(() -> ok.get() >= atJoin + 300);
            running.set(false);
            done.await();

            assertThat(undeclared).as("only BotgridException reaches the caller").isEmpty();
            assertThat(failures).as("calls through a leaving and a joining node").isEmpty();
            assertThat(back.isReady()).isTrue();
            Map<ActorId, Queue<String>> byActor = new ConcurrentHashMap<>();
            acknowledged.forEach((k, v) -> byActor.put(ActorId.of(ItSupport.LEDGER, k), v));
            ItSupport.assertExactlyOnce(cluster.node(0).events(), byActor);

            // The stale map was corrected: once the cluster settled, no routed call needs forwarding any more.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                long start = forwardedHops(cluster);
                for (String key : keys) {
                    client.actors().callBlocking(ItSupport.LEDGER, key, StringValue.of("append:settled"),
                            StringValue.class);
                }
                assertThat(forwardedHops(cluster) - start).isLessThanOrEqualTo(1);
            });
        }
    }
}
