package io.botgrid.it.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.registry.RegistryEntry;
import io.botgrid.testkit.TestCluster;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.Placement;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.WorkerErrorCode;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.cluster.WorkerCallException;
import io.botgrid.workers.cluster.WorkerCluster;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Workers spread over real Ignite nodes in one JVM: placement, failover, registry names, durability. */
@Timeout(240)
class WorkersClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Group and chain follow this actor, so that they run on the same node and one kill moves both. */
    private static final Placement WITH_ACTOR = new Placement.WithActor("anchor", "a-1");

    static GroupSpec group() {
        return new GroupSpec("g", List.of(new GroupSpec.Member("a", FunctionRef.of("echo")),
                new GroupSpec.Member("b", FunctionRef.of("echo"))), RestartPolicy.DEFAULT, WITH_ACTOR);
    }

    static ChainSpec chain() {
        return new ChainSpec("c", List.of(ChainSpec.Stage.of("s1", FunctionRef.of("echo")).withInstances(2, 3),
                ChainSpec.Stage.of("s2", FunctionRef.of("echo")), ChainSpec.Stage.of("s3", FunctionRef.of("echo"))),
                Optional.of(FunctionRef.of("echo")), RestartPolicy.DEFAULT, WITH_ACTOR);
    }

    @Test
    void killOfTheNodeRunningAGroupAndAChainRestartsThemElsewhereWithNewIncarnations() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ActorTypes.none())
                .configure(b -> b.botsEnabled(false).grpcEnabled(false)).start()) {
            WorkerCluster api = cluster.node(0).workerCluster();
            api.declare(group());
            api.declare(chain());
            api.declare(StandaloneSpec.of("solo", FunctionRef.of("echo")));

            SpecStatus g1 = awaitRunning(api, "g", 0);
            SpecStatus c1 = awaitRunning(api, "c", 0);
            assertThat(c1.getNode()).as("both follow the same actor").isEqualTo(g1.getNode());
            assertThat(g1.getIncarnation()).isEqualTo(1);
            String victim = g1.getNode();
            assertThat(cluster.node(0).registry().lookup("worker:g/a")).get().extracting(RegistryEntry::node)
                    .isEqualTo(victim);

            // Round trips through whichever node runs them.
            assertThat(api.send("g/a", WorkerMessage.of("hi")).get(30, TimeUnit.SECONDS))
                    .extracting(WorkerMessage::text).containsExactly("hi");
            assertThat(api.broadcast("g", WorkerMessage.of("all")).get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(api.push("c", Optional.empty(), WorkerMessage.of("item")).get(30, TimeUnit.SECONDS))
                    .extracting(WorkerMessage::text).containsExactly("item");
            assertThat(api.push("c", Optional.of("s3"), WorkerMessage.of("late")).get(30, TimeUnit.SECONDS))
                    .extracting(WorkerMessage::text).containsExactly("late");

            int victimIndex = Integer.parseInt(victim.substring("node-".length()));
            cluster.killNode(victimIndex);
            BotgridNode survivor = cluster.live().findFirst().orElseThrow();
            WorkerCluster rest = survivor.workerCluster();

            SpecStatus g2 = awaitRunning(rest, "g", 1);
            SpecStatus c2 = awaitRunning(rest, "c", 1);
            assertThat(g2.getNode()).isNotEqualTo(victim);
            assertThat(c2.getNode()).isNotEqualTo(victim);
            assertThat(g2.getIncarnation()).isGreaterThan(g1.getIncarnation());
            assertThat(c2.getIncarnation()).isGreaterThan(c1.getIncarnation());
            await().atMost(WAIT).untilAsserted(() -> assertThat(survivor.registry().lookup("worker:g/a"))
                    .get().extracting(RegistryEntry::node).isEqualTo(g2.getNode()));
            assertThat(survivor.registry().list("worker:", "", 100)).extracting(RegistryEntry::node)
                    .doesNotContain(victim);
            assertThat(rest.push("c", Optional.empty(), WorkerMessage.of("after")).get(30, TimeUnit.SECONDS))
                    .extracting(WorkerMessage::text).containsExactly("after");
            assertThat(rest.send("g/b", WorkerMessage.of("again")).get(30, TimeUnit.SECONDS))
                    .extracting(WorkerMessage::text).containsExactly("again");
        }
    }

    @Test
    void specsSurviveAFullRestartAndARunTimeRemovalStaysRemovedOverYaml() throws Exception {
        WorkerSpec fromYaml = StandaloneSpec.of("from-yaml", FunctionRef.of("echo"));
        WorkerSpec removedYaml = StandaloneSpec.of("removed-yaml", FunctionRef.of("echo"));
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(ActorTypes.none())
                .configure(b -> b.botsEnabled(false).grpcEnabled(false).workers(List.of(fromYaml, removedYaml)))
                .start()) {
            WorkerCluster api = cluster.node(0).workerCluster();
            assertThat(api.spec("from-yaml")).get().satisfies(r -> {
                assertThat(r.version()).as("declared by both nodes, stored once").isEqualTo(1);
                assertThat(r.source()).isEqualTo("config");
            });
            api.declare(new GroupSpec("kept", List.of(new GroupSpec.Member("m", FunctionRef.of("echo"))),
                    RestartPolicy.DEFAULT, new Placement.EveryNode()));
            api.remove("removed-yaml");
            assertThat(api.declare(fromYaml).version()).as("declaring the stored spec again changes nothing")
                    .isEqualTo(1);
            awaitRunning(api, "from-yaml", 0);

            cluster.stopAll();
            cluster.restartAll();

            WorkerCluster after = cluster.node(1).workerCluster();
            assertThat(after.specs()).extracting(r -> r.spec().id()).containsExactly("from-yaml", "kept");
            SpecStatus running = awaitRunning(after, "from-yaml", 0);
            assertThat(running.getIncarnation()).isPositive();
            await().atMost(WAIT).untilAsserted(() -> assertThat(after.status(Optional.of("kept"))
                    .get(30, TimeUnit.SECONDS)).extracting(SpecStatus::getNode, SpecStatus::getState)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("node-0", "running"),
                            org.assertj.core.groups.Tuple.tuple("node-1", "running")));
            assertThat(after.broadcast("kept", WorkerMessage.of("x")).get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void badSpecsAndCallsAreRefusedPreciselyAndChangeNothing() {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ActorTypes.none())
                .configure(b -> b.botsEnabled(false).grpcEnabled(false)).start()) {
            WorkerCluster api = cluster.node(0).workerCluster();
            assertThatThrownBy(() -> api.declare(StandaloneSpec.of("x", FunctionRef.of("ech0"))))
                    .isInstanceOf(InvalidWorkerSpecException.class).hasMessageContaining("ech0");
            assertThatThrownBy(() -> api.declare(new StandaloneSpec("z", FunctionRef.of("echo"),
                    RestartPolicy.DEFAULT, new Placement.Zone("mars"))))
                    .isInstanceOfSatisfying(WorkerCallException.class, e -> {
                        assertThat(e.code()).isEqualTo(WorkerErrorCode.FAILED_PRECONDITION);
                        assertThat(e.getMessage()).contains("zone 'mars'");
                    });
            assertThat(api.specs()).isEmpty();
            assertThatThrownBy(() -> api.remove("nope")).isInstanceOfSatisfying(WorkerCallException.class,
                    e -> assertThat(e.code()).isEqualTo(WorkerErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> api.send("nope", WorkerMessage.of("x")).join()).hasCauseInstanceOf(
                    WorkerCallException.class).hasMessageContaining("no worker spec 'nope'");
            api.declare(StandaloneSpec.of("solo", FunctionRef.of("echo")));
            assertThatThrownBy(() -> api.push("solo", Optional.empty(), WorkerMessage.of("x")).join())
                    .hasMessageContaining("not a chain");
        }
    }

    /** Waits until the spec runs on a live node with an incarnation above {@code after}; returns its status. */
    static SpecStatus awaitRunning(WorkerCluster api, String spec, long after) {
        SpecStatus[] found = new SpecStatus[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (SpecStatus s : api.status(Optional.of(spec)).get(30, TimeUnit.SECONDS)) {
                if (s.getState().equals("running") && s.getIncarnation() > after) {
                    found[0] = s;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
