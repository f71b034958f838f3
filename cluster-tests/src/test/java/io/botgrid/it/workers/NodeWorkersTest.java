package io.botgrid.it.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.actor.ActorTypes;
import io.botgrid.node.BotgridNode;
import io.botgrid.testkit.TestCluster;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.WorkerState;
import io.botgrid.workers.spi.WorkerMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each node of a cluster has its own workers engine, built by the composition root and stopped with the node. */
class NodeWorkersTest {
    @Test
    void aNodeRunsAChainOfBuiltInsAndStopsItWithTheNode() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ActorTypes.builder().build()).start()) {
            BotgridNode node = cluster.node(0);
            assertThat(node.workers().functions()).contains("delay", "echo", "http");
            node.workers().apply(ChainSpec.of("greet", List.of(
                    ChainSpec.Stage.of("a", FunctionRef.of("echo")),
                    ChainSpec.Stage.of("b", FunctionRef.of("delay", Map.of("millis", "1"))))), 1);
            List<WorkerMessage> out = node.workers().push("greet", Optional.empty(), WorkerMessage.of("hi"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(out).extracting(WorkerMessage::text).containsExactly("hi");
            assertThat(node.workers().status("greet")).hasValueSatisfying(s -> {
                assertThat(s.state()).isEqualTo(WorkerState.RUNNING);
                assertThat(s.node()).isEqualTo(node.name());
            });
        }
    }
}
