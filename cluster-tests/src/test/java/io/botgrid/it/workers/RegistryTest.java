package io.botgrid.it.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorTypes;
import io.botgrid.registry.Registration;
import io.botgrid.registry.Registry;
import io.botgrid.registry.RegistryEntry;
import io.botgrid.registry.RegistryEvent;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cluster-wide registry on three real Ignite nodes in one JVM. */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryTest {
    private static final List<RegistryEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(3).actorTypes(ActorTypes.none()).registryListener(EVENTS::add)
                .configure(b -> b.botsEnabled(false).grpcEnabled(false)).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void concurrentRegistrationOfOneNameFromTwoNodesHasExactlyOneWinner() throws Exception {
        Registry a = cluster.node(0).registry();
        Registry b = cluster.node(1).registry();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 40; i++) {
                String name = "race/" + i;
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<Registration> fromA = CompletableFuture.supplyAsync(() -> {
                    awaitBarrier(start);
                    return a.register(name, "owner-a", Set.of());
                }, pool);
                CompletableFuture<Registration> fromB = CompletableFuture.supplyAsync(() -> {
                    awaitBarrier(start);
                    return b.register(name, "owner-b", Set.of());
                }, pool);
                Registration ra = fromA.get(30, TimeUnit.SECONDS);
                Registration rb = fromB.get(30, TimeUnit.SECONDS);
                assertThat(ra.registered() ^ rb.registered()).as("exactly one winner for %s", name).isTrue();
                RegistryEntry winner = ra.registered() ? ra.holder() : rb.holder();
                assertThat(ra.holder()).isEqualTo(winner);
                assertThat(rb.holder()).isEqualTo(winner);
                for (int n = 0; n < 3; n++) {
                    assertThat(cluster.node(n).registry().lookup(name)).contains(winner);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitBarrier(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void registerUnregisterLookupAndListByPrefixAndTag() {
        Registry a = cluster.node(0).registry();
        Registry c = cluster.node(2).registry();
        assertThat(a.register("svc/alpha", "p1", Set.of("poller")).registered()).isTrue();
        assertThat(a.register("svc/beta", "p2", Set.of("socket")).registered()).isTrue();
        assertThat(a.register("other/gamma", "p1", Set.of("poller")).registered()).isTrue();
        assertThat(a.register("svc/alpha", "p1", Set.of("poller", "v2")).registered())
                .as("the holder registers again").isTrue();
        assertThat(c.register("svc/alpha", "p9", Set.of()).registered()).isFalse();

        assertThat(c.list("svc/", "", 100)).extracting(RegistryEntry::name).containsExactly("svc/alpha", "svc/beta");
        assertThat(c.list("", "poller", 100)).extracting(RegistryEntry::name)
                .containsExactly("other/gamma", "svc/alpha");
        assertThat(c.lookup("svc/alpha")).get().satisfies(e -> {
            assertThat(e.node()).isEqualTo("node-0");
            assertThat(e.tags()).containsExactlyInAnyOrder("poller", "v2");
        });

        assertThat(c.unregister("svc/alpha", "p1", "unregistered")).as("only the holder's node unregisters")
                .isFalse();
        assertThat(a.unregister("svc/alpha", "p2", "unregistered")).as("only the holder unregisters").isFalse();
        assertThat(a.unregister("svc/alpha", "p1", "unregistered")).isTrue();
        assertThat(c.lookup("svc/alpha")).isEmpty();
        assertThat(a.unregisterOwner("p1", "process stopped")).isEqualTo(1);
        assertThat(c.lookup("other/gamma")).isEmpty();
        assertThat(EVENTS).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(RegistryEvent.Kind.UNREGISTERED);
            assertThat(e.entry().name()).isEqualTo("other/gamma");
            assertThat(e.reason()).isEqualTo("process stopped");
        });
        a.unregister("svc/beta", "p2", "done");
    }

    @Test
    void badNamesAndTagsAreRefusedWithAClearMessage() {
        Registry a = cluster.node(0).registry();
        assertThatThrownBy(() -> a.register("has space", "p", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry name 'has space'");
        assertThatThrownBy(() -> a.register("ok", " ", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> a.register("ok", "p", Set.of("bad tag")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag 'bad tag'");
        assertThatThrownBy(() -> a.lookup("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Last (it takes nodes down): kills node-2 and stops node-1, whose names must vanish. */
    @Test
    @Order(Integer.MAX_VALUE)
    void namesOfAKilledNodeDisappearAndAreNeverReturnedAfterDetection() {
        List<RegistryEvent> seen = EVENTS;
        TestCluster own = cluster;
        {
            Registry doomed = own.node(2).registry();
            Registry stopping = own.node(1).registry();
            for (int i = 0; i < 20; i++) {
                assertThat(doomed.register("dead/" + i, "w" + i, Set.of("gone")).registered()).isTrue();
            }
            assertThat(stopping.register("left/0", "w", Set.of()).registered()).isTrue();
            Registry survivor = own.node(0).registry();
            assertThat(survivor.list("dead/", "", 100)).hasSize(20);

            own.killNode(2);
            // Once the survivor's discovery has dropped node-2, no lookup or listing may return its names.
            await().atMost(Duration.ofSeconds(30)).until(() -> !own.node(0).clusterNodes().contains("node-2"));
            for (int i = 0; i < 20; i++) {
                assertThat(survivor.lookup("dead/" + i)).isEmpty();
            }
            assertThat(survivor.list("", "gone", 100)).isEmpty();
            assertThat(survivor.register("dead/0", "new-owner", Set.of()).registered())
                    .as("a dead node's name can be taken").isTrue();
            // Each dead name is reported removed exactly once in the cluster, whichever node removed it.
            await().atMost(Duration.ofSeconds(30)).until(() -> cleanedUp(seen, "dead/").size() >= 20);
            assertThat(cleanedUp(seen, "dead/")).hasSize(20).doesNotHaveDuplicates();

            own.stopNode(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> survivor.lookup("left/0").isEmpty());
            assertThat(survivor.list("", "", 100)).extracting(RegistryEntry::name).contains("dead/0")
                    .doesNotContain("left/0");
            assertThat(cleanedUp(seen, "left/")).containsExactly("left/0");
        }
    }

    private static List<String> cleanedUp(List<RegistryEvent> events, String prefix) {
        return events.stream().filter(e -> e.kind() == RegistryEvent.Kind.CLEANED_UP)
                .map(e -> e.entry().name()).filter(n -> n.startsWith(prefix)).toList();
    }
}
