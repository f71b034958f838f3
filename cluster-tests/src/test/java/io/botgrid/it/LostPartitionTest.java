package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalUnavailableException;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When every copy of an actor's partition is gone, calls fail with a clear error instead of hanging or lying. */
class LostPartitionTest {

    @Test
    @Timeout(180)
    void actorWhosePartitionLostAllCopiesFailsWithJournalUnavailable() {
        // No backups, and one node of three lost: the two others are a majority (majority fencing lets them serve),
        // and the partitions only the lost node held have lost every copy.
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(new LedgerTypes().get())
                .configure(b -> b.backups(0)).start()) {
            ActorId doomed = null;
            ActorId safe = null;
            for (int i = 0; doomed == null || safe == null; i++) {
                ActorId id = ActorId.of(LedgerTypes.LEDGER, "lost-" + i);
                boolean onNode0 = cluster.node(0).placement(id).contains("node-0");
                if (cluster.node(0).placement(id).equals(java.util.List.of("node-1")) && doomed == null) {
                    doomed = id;
                } else if (onNode0 && safe == null) {
                    safe = id;
                }
            }
            ActorId lost = doomed;
            cluster.node(0).actors().ask(lost, cmd("append:before")).join();
            cluster.node(0).actors().ask(safe, cmd("append:before")).join();

            cluster.killNode(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.node(0).clusterNodes().size() == 2);

            assertThatThrownBy(() -> cluster.node(0).actors().ask(lost, cmd("count")).join())
                    .isInstanceOf(CompletionException.class).cause()
                    .isInstanceOf(JournalUnavailableException.class)
                    .hasMessageContaining(lost.toString())
                    .hasMessageContaining("lost");
            String count = cluster.node(0).actors().<StringValue>ask(safe, cmd("count")).join().getValue();
            assertThat(count).as("an actor with a surviving copy still answers").isEqualTo("1");

            // The data comes back with a node that holds it.
            cluster.startNode(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.node(0).clusterNodes().size() == 3);
            // Reset every cache's lost partitions (the actors' stores and the bot indexes) and complete the baseline
            // until the topology settles: a reset during a partition map exchange may leave some partitions lost.
            java.util.concurrent.atomic.AtomicReference<String> why = new java.util.concurrent.atomic.AtomicReference<>();
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    try {
                        var ignite = cluster.node(0).ignite();
                        ignite.resetLostPartitions(ignite.cacheNames());
                        // Ignite may skip the automatic baseline change for a node that joins while partitions are
                        // lost: the operator sets the baseline to the nodes that are back, as here.
                        if (ignite.cluster().currentBaselineTopology().size() != ignite.cluster().forServers()
                                .nodes().size()) {
                            ignite.cluster().baselineAutoAdjustEnabled(false); // Ignite refuses manual changes
                            ignite.cluster().setBaselineTopology(ignite.cluster().topologyVersion());
                            ignite.cluster().baselineAutoAdjustEnabled(true);
                        }
                        cluster.awaitStable(Duration.ofSeconds(15));
                        return true;
                    } catch (RuntimeException e) {
                        why.set(e.getMessage());
                        return false;
                    }
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the cluster did not settle after its data came back: " + why.get(), e);
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    cluster.node(0).actors().<StringValue>ask(lost, cmd("tags")).join().getValue().equals("before"));
        }
    }
}
