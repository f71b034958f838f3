package io.botgrid.it.workers;

import static io.botgrid.it.workers.WorkersClusterTest.awaitRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.registry.RegistryEntry;
import io.botgrid.testkit.NodeProcess;
import io.botgrid.testkit.TestCluster;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.Placement;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.cluster.WorkerCluster;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A group and a chain running in a node process killed with SIGKILL (three nodes: one in this JVM, two processes, so
 * the survivors keep a majority): they start again on a survivor with a higher incarnation, the registry no longer
 * returns the dead process's names, and messages reach them again.
 */
class WorkersProcessKillTest {
    /** The node processes run no actor types of their own. */
    public static final class NoTypes implements Supplier<ActorTypes> {
        @Override
        public ActorTypes get() {
            return ActorTypes.none();
        }
    }

    @Test
    @Timeout(180)
    void kill9OfTheProcessRunningAGroupAndAChainMovesThemToASurvivor() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ActorTypes.none()).start()) {
            NodeProcess second = NodeProcess.start(cluster.configFor(1), NoTypes.class);
            NodeProcess third = NodeProcess.start(cluster.configFor(2), NoTypes.class);
            try {
                second.awaitReady(Duration.ofSeconds(90));
                third.awaitReady(Duration.ofSeconds(90));
                cluster.expectExternalNodes(2);
                cluster.awaitStable();
                BotgridNode local = cluster.node(0);

                // An actor whose partition the victim process owns: the group and the chain follow it there.
                String anchor = null;
                for (int i = 0; anchor == null; i++) {
                    if (third.name().equals(local.ownerOf(ActorId.of("anchor", "k-" + i)))) {
                        anchor = "k-" + i;
                    }
                }
                Placement there = new Placement.WithActor("anchor", anchor);
                WorkerCluster api = local.workerCluster();
                api.declare(new GroupSpec("pg", List.of(new GroupSpec.Member("a", FunctionRef.of("echo")),
                        new GroupSpec.Member("b", FunctionRef.of("echo"))), RestartPolicy.DEFAULT, there));
                api.declare(new ChainSpec("pc", List.of(ChainSpec.Stage.of("s1", FunctionRef.of("echo")),
                        ChainSpec.Stage.of("s2", FunctionRef.of("echo"))), Optional.of(FunctionRef.of("echo")),
                        RestartPolicy.DEFAULT, there));
                SpecStatus g1 = awaitRunning(api, "pg", 0);
                SpecStatus c1 = awaitRunning(api, "pc", 0);
                assertThat(List.of(g1.getNode(), c1.getNode())).containsOnly(third.name());
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(local.registry()
                        .lookup("worker:pg/a")).get().extracting(RegistryEntry::node).isEqualTo(third.name()));
                assertThat(api.push("pc", Optional.empty(), WorkerMessage.of("before")).get(30, TimeUnit.SECONDS))
                        .extracting(WorkerMessage::text).containsExactly("before");

                third.kill9();

                SpecStatus g2 = awaitRunning(api, "pg", g1.getIncarnation());
                SpecStatus c2 = awaitRunning(api, "pc", c1.getIncarnation());
                assertThat(List.of(g2.getNode(), c2.getNode())).doesNotContain(third.name());
                assertThat(api.status(Optional.empty()).get(30, TimeUnit.SECONDS))
                        .extracting(SpecStatus::getNode).doesNotContain(third.name());
                assertThat(local.registry().list("worker:", "", 100)).extracting(RegistryEntry::node)
                        .doesNotContain(third.name());
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(local.registry()
                        .lookup("worker:pg/a")).get().extracting(RegistryEntry::node).isEqualTo(g2.getNode()));
                assertThat(api.push("pc", Optional.empty(), WorkerMessage.of("after")).get(30, TimeUnit.SECONDS))
                        .extracting(WorkerMessage::text).containsExactly("after");
                assertThat(api.broadcast("pg", WorkerMessage.of("all")).get(30, TimeUnit.SECONDS)).isEqualTo(2);
            } finally {
                third.kill9();
                second.close();
            }
        }
    }
}
