package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.NodeView;
import io.botgrid.client.Placement;
import io.botgrid.node.BotgridNode;
import io.botgrid.testkit.NodeProcess;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Losing a whole zone. Six nodes in three zones with {@code zoneAwareBackups} and one backup: zone b's two nodes run
 * in JVMs of their own and are killed together with SIGKILL under load. Without the zone filter some partitions
 * would have had both copies in zone b and been lost; with it every partition keeps a copy, the survivors (4 of 6, a
 * majority) go on, and no acknowledged event is lost.
 */
class ZoneLossTest {
    private static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");

    @Test
    @Timeout(300)
    void killingEveryNodeOfOneZoneUnderLoadLosesNothingAcknowledgedAndKeepsCopiesInDistinctZones() throws Exception {
        try (TestCluster cluster = TestCluster.builder().nodes(1).zones(ZONES.toArray(String[]::new))
                .actorTypes(new LedgerTypes().get()).start()) {
            // round robin over the zones: nodes 1 and 4 are zone b, in processes of their own; 0, 2, 3, 5 in this JVM
            List<NodeProcess> zoneB = new ArrayList<>();
            try {
                for (int i : new int[] {1, 4}) {
                    assertThat(cluster.zoneOf(i)).isEqualTo("zone-b");
                    zoneB.add(NodeProcess.start(cluster.configFor(i), LedgerTypes.class));
                }
                for (int i : new int[] {2, 3, 5}) {
                    cluster.startNode(i);
                }
                for (NodeProcess p : zoneB) {
                    p.awaitReady(Duration.ofSeconds(120));
                }
                cluster.expectExternalNodes(2);
                cluster.awaitStable(Duration.ofSeconds(120));

                assertEveryDataCacheKeepsItsCopiesInDistinctZones(cluster.node(0).ignite(), 3);

                List<ActorId> actors = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    actors.add(ActorId.of(LedgerTypes.LEDGER, "zone-" + i));
                }
                try (BotgridClient client = BotgridClient.builder()
                        .endpoints("127.0.0.1:" + cluster.node(0).grpcPort()).build()) {
                    Set<String> ownerZones = assertPlacementInDistinctZones(client, actors, 2);
                    assertThat(ownerZones).as("owners in every zone before the loss").containsAll(ZONES);

                    LoadUnderFailure load = new LoadUnderFailure(cluster.node(0).actors(), actors, 4, 1_000_000)
                            .start();
                    await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 600);
                    zoneB.forEach(NodeProcess::kill9); // the whole zone at once
                    int atKill = load.acknowledgedCount();
                    await().atMost(Duration.ofSeconds(120)).until(() -> load.acknowledgedCount() >= atKill + 600);
                    load.stop();
                    cluster.expectExternalNodes(0);
                    cluster.awaitStable(Duration.ofSeconds(120));

                    assertThat(load.undeclaredErrors()).isEmpty();
                    BotgridNode any = cluster.node(0);
                    JournalCheck.assertExactlyOnce(any.events(), load.acknowledged());
                    for (ActorId id : actors) { // every actor answers, with its whole journal
                        String count = any.actors().<StringValue>ask(id, cmd("count")).join().getValue();
                        assertThat(Integer.parseInt(count)).isEqualTo(JournalCheck.events(any.events(), id).size());
                    }
                    assertEveryDataCacheKeepsItsCopiesInDistinctZones(any.ignite(), 2);
                    Set<String> after = assertPlacementInDistinctZones(client, actors, 2);
                    assertThat(after).as("owners after the loss of zone b").containsExactlyInAnyOrder("zone-a",
                            "zone-c");
                }
            } finally {
                zoneB.forEach(NodeProcess::kill9);
            }
        }
    }

    /**
     * Through the placement API (gRPC, as an operator sees it): each actor's owner and backups are in distinct
     * zones, {@code copies} in all. Returns the zones of the owners.
     */
    private static Set<String> assertPlacementInDistinctZones(BotgridClient client, List<ActorId> actors,
                                                              int copies) {
        Map<String, String> zoneOfNode = client.cluster().nodes().join().stream()
                .filter(n -> n.status() == NodeView.Status.SERVING)
                .collect(Collectors.toMap(NodeView::id, NodeView::zone));
        Set<String> ownerZones = new HashSet<>();
        for (ActorId id : actors) {
            Placement p = client.cluster().placement(id.type(), id.key()).join();
            List<String> zones = new ArrayList<>();
            zones.add(zoneOfNode.get(p.owner()));
            p.backups().forEach(b -> zones.add(zoneOfNode.get(b)));
            assertThat(zones).as("zones of %s's copies (%s, %s)", id, p.owner(), p.backups())
                    .hasSize(copies).doesNotContainNull().doesNotHaveDuplicates();
            ownerZones.add(zones.get(0));
        }
        return ownerZones;
    }

    /**
     * Every partition of every partitioned cache of the node (journal, snapshots, reminders, directory, session
     * index) has its copies in distinct zones, as many as the live zones allow; every replicated one (bot index,
     * worker specs, registry) has a copy in every live zone.
     */
    private static void assertEveryDataCacheKeepsItsCopiesInDistinctZones(Ignite ignite, int liveZones) {
        List<String> checked = new ArrayList<>();
        // Every data cache is configured when the node starts (IgniteSetup), so the node's configuration lists them.
        for (CacheConfiguration<?, ?> cfg : ignite.configuration().getCacheConfiguration()) {
            String name = cfg.getName();
            var affinity = ignite.affinity(name);
            boolean partitioned = cfg.getCacheMode() == CacheMode.PARTITIONED;
            for (int p = 0; p < affinity.partitions(); p++) {
                List<String> zones = affinity.mapPartitionToPrimaryAndBackups(p).stream()
                        .map(n -> (String) n.attribute("zone")).toList();
                if (partitioned) {
                    assertThat(zones).as("zones of %s partition %d", name, p)
                            .hasSize(Math.min(cfg.getBackups() + 1, liveZones)).doesNotHaveDuplicates();
                } else {
                    assertThat(new HashSet<>(zones)).as("zones of replicated %s partition %d", name, p)
                            .hasSize(liveZones);
                }
            }
            checked.add(name);
        }
        assertThat(checked).contains("botgrid-journal", "botgrid-snapshots", "botgrid-reminders",
                "botgrid-directory", "botgrid-session-index", "botgrid-bot-index", "botgrid-worker-specs");
        assertThat(ignite.cluster().forServers().nodes().stream().map(ClusterNode::consistentId).count())
                .as("server nodes").isGreaterThanOrEqualTo(liveZones);
    }
}
