package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalUnavailableException;
import io.botgrid.actor.internal.Stores;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * While partitions are lost, an append is acknowledged only if every copy of its partition is in the cluster: a node
 * that holds the missing copy keeps its data when it comes back (the lost partitions need it), and its copy, which
 * may hold writes of its own, can then replace the one that stayed (the loss {@code NetworkSplitTest}'s 2+2 split
 * found). Five real nodes, one copy of each partition as backup; two of them crash, so the other three are a majority
 * and the partitions whose two copies were both on the crashed nodes are lost.
 */
class LostCopiesTest {

    @Test
    @Timeout(240)
    void whilePartitionsAreLostOnlyAppendsWithEveryCopyPresentAreAcknowledged() {
        try (TestCluster cluster = TestCluster.builder().nodes(5).actorTypes(new LedgerTypes().get())
                .configure(b -> b.backups(1)).start()) {
            // The baseline must keep the crashed nodes, as an operator's cluster with a longer adjustment timeout
            // does; the test cluster's immediate adjustment would otherwise be free to drop them.
            cluster.node(0).ignite().cluster().baselineAutoAdjustEnabled(false);
            Set<String> survivors = Set.of("node-0", "node-1", "node-2");
            ActorId away = null;
            ActorId whole = null;
            for (int i = 0; away == null || whole == null; i++) {
                ActorId id = ActorId.of(LedgerTypes.LEDGER, "copies-" + i);
                List<String> placement = cluster.node(0).placement(id);
                long stay = placement.stream().filter(survivors::contains).count();
                if (stay == 1 && placement.contains("node-3") && away == null) {
                    away = id;
                } else if (stay == 2 && whole == null) {
                    whole = id;
                }
            }
            ActorId halfCopied = away;
            ActorId fullyCopied = whole;
            cluster.node(0).actors().ask(halfCopied, cmd("append:before")).join();
            cluster.node(0).actors().ask(fullyCopied, cmd("append:before")).join();
            // Every survivor acknowledges an append of an actor it owns before the crash, so each has seen "nothing
            // lost" (which it keeps until its next exchange) when the partitions are lost.
            for (String survivor : survivors) {
                ActorId owned = null;
                for (int i = 0; owned == null; i++) {
                    ActorId id = ActorId.of(LedgerTypes.LEDGER, "owned-" + i);
                    if (cluster.node(0).placement(id).get(0).equals(survivor)) {
                        owned = id;
                    }
                }
                cluster.node(0).actors().ask(owned, cmd("append:before")).join();
            }

            cluster.killNode(3);
            cluster.killNode(4);
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.node(0).clusterNodes().size() == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> !cluster.node(0).ignite().cache(Stores.JOURNAL)
                    .lostPartitions().isEmpty());

            // The actor whose partition kept both copies is served as before (an append in flight while the nodes
            // were dropped may be refused once, so each try has a tag of its own).
            List<String> during = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                String tag = "during-" + System.nanoTime();
                cluster.node(0).actors().ask(fullyCopied, cmd("append:" + tag)).join();
                return during.add(tag);
            });

            // The actor whose other copy is on a crashed node: its appends are refused, none acknowledged.
            List<String> acknowledged = new ArrayList<>();
            AtomicReference<Throwable> refusal = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                String tag = "refused-" + acknowledged.size() + "-" + System.nanoTime();
                try {
                    cluster.node(0).actors().<StringValue>ask(halfCopied, cmd("append:" + tag)).join();
                    acknowledged.add(tag);
                } catch (CompletionException e) {
                    refusal.set(e.getCause());
                }
                return !acknowledged.isEmpty() || refusal.get() instanceof JournalUnavailableException
                        && refusal.get().getMessage().contains("copies in the cluster while");
            });
            assertThat(acknowledged).as("appends acknowledged while a copy of their partition was away").isEmpty();
            assertThat(refusal.get().getMessage()).contains(halfCopied.toString()).contains("lost partition")
                    .contains("1 of its 2 copies");

            // Both crashed nodes come back with their data; the lost partitions are reset and the actor is served.
            cluster.startNode(3);
            cluster.startNode(4);
            List<String> after = new ArrayList<>();
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
                String tag = "after-" + System.nanoTime();
                cluster.node(0).actors().ask(halfCopied, cmd("append:" + tag)).join();
                return after.add(tag);
            });
            List<String> tags = List.of(cluster.node(0).actors().<StringValue>ask(halfCopied, cmd("tags")).join()
                    .getValue().split(","));
            assertThat(tags).startsWith("before").endsWith(after.get(0));
            assertThat(cluster.node(0).actors().<StringValue>ask(fullyCopied, cmd("tags")).join().getValue()
                    .split(",")).startsWith("before").contains(during.get(0));
        }
    }
}
