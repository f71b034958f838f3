package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.node.BotgridNode;
import io.botgrid.testkit.TestCluster;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node that was closed leaves nothing of itself reachable: nothing static (a library's registry, a JMX listener, a
 * thread) holds it or its Ignite instance. Why it matters: an embedding application that restarts a node, and the
 * cluster tests, which start hundreds of nodes in one JVM, would otherwise keep every node ever started (the tests
 * ran out of a 3 GiB heap because of one such static set).
 */
class ClosedNodeIsGarbageTest {

    @Test
    void twoClosedNodesThatServedCallsMetricsAndTheConsoleAreCollected() {
        Refs refs = runAndClose();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            System.gc();
            assertThat(refs.nodes()).as("nodes still reachable after close")
                    .allSatisfy(r -> assertThat(r.get()).isNull());
            // Ignite itself keeps the last Ignite instance it started in a static field (IndexProcessor.serializer,
            // replaced by the next start): one may stay, never more
            assertThat(refs.ignites().stream().filter(r -> r.get() != null)).as("Ignite instances still reachable")
                    .hasSizeLessThanOrEqualTo(1);
        });
    }

    private record Refs(List<WeakReference<BotgridNode>> nodes, List<WeakReference<Object>> ignites) {
    }

    /** Everything that references the cluster lives in this frame only, so nothing on the test's stack keeps it. */
    private static Refs runAndClose() {
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes()).console()
                .configure(b -> b.metricsPort(0)).start()) {
            for (int i = 0; i < 20; i++) {
                ActorId id = ActorId.of(LedgerTypes.LEDGER, "garbage-" + i);
                assertThat(cluster.client().<StringValue>ask(id, cmd("append:x")).join().getValue()).isNotEmpty();
            }
            for (int n = 0; n < 2; n++) {
                BotgridNode node = cluster.node(n);
                assertThat(ObservabilityHttp.get(node.metricsPort(), "/metrics").body()).contains("jvm_memory");
                assertThat(ObservabilityHttp.get(node.consoleUri().orElseThrow().getPort(), "/console/signin")
                        .statusCode()).isEqualTo(200);
            }
            BotgridNode first = cluster.node(0);
            BotgridNode second = cluster.node(1);
            return new Refs(List.of(new WeakReference<>(first), new WeakReference<>(second)),
                    List.of(new WeakReference<>(first.ignite()), new WeakReference<>(second.ignite())));
        }
    }
}
