package io.botgrid.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActivationListener;
import io.botgrid.actor.ActorId;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** At most one activation per actor, cluster-wide, while nodes join, leave gracefully and crash. */
class SingleActivationTest {
    /** One line of the activation history, in the order the nodes reported it. */
    private record Change(ActorId id, String node, boolean active) {
    }

    /** All nodes run in this JVM, so one queue gives a single order of every activation change. */
    private static final class History implements ActivationListener {
        final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();

        @Override
        public void activated(ActorId id, String nodeName) {
            changes.add(new Change(id, nodeName, true));
        }

        @Override
        public void deactivated(ActorId id, String nodeName, EndReason reason) {
            changes.add(new Change(id, nodeName, false));
        }

        /** A crashed node hands nothing over; its activations end with it. */
        void crashed(String nodeName) {
            changes.add(new Change(null, nodeName, false));
        }
    }

    @Test
    @Timeout(300)
    void noActorIsEverActiveOnTwoNodesWhileNodesJoinLeaveAndCrash() throws Exception {
        History history = new History();
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(new LedgerTypes().get())
                .activationListener(history).start()) {
            List<ActorId> actors = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                actors.add(ActorId.of(LedgerTypes.LEDGER, "churn-" + i));
            }
            LoadUnderFailure load = new LoadUnderFailure(cluster.node(0).actors(), actors, 4, 1_000_000).start();
            progress(load, 500);

            cluster.startNode(2);          // join: partitions move to node-2
            cluster.awaitStable();
            progress(load, 500);
            cluster.stopNode(1);           // graceful leave: node-1 hands its actors over
            cluster.awaitStable();
            progress(load, 500);
            cluster.startNode(1);          // rejoin on its data
            cluster.awaitStable();
            progress(load, 500);
            history.crashed("node-2");
            cluster.killNode(2);           // crash
            cluster.awaitStable();
            progress(load, 500);
            load.stop();

            assertThat(load.undeclaredErrors()).isEmpty();
            Set<String> moved = assertNeverTwoActivations(history);
            assertThat(moved).as("some actors did move between nodes during the churn").isNotEmpty();
            JournalCheck.assertExactlyOnce(cluster.node(0).events(), load.acknowledged());
        }
    }

    private static void progress(LoadUnderFailure load, int calls) {
        int from = load.acknowledgedCount();
        await().atMost(Duration.ofSeconds(90)).until(() -> load.acknowledgedCount() >= from + calls);
    }

    /** Replays the history; fails if an actor is activated while active elsewhere. Returns actors that moved. */
    private static Set<String> assertNeverTwoActivations(History history) {
        Map<ActorId, String> activeOn = new HashMap<>();
        Map<ActorId, Set<String>> nodesSeen = new HashMap<>();
        Set<String> crashed = new HashSet<>();
        for (Change c : history.changes) {
            if (c.id() == null) {
                crashed.add(c.node());
                activeOn.values().removeIf(c.node()::equals);
                continue;
            }
            if (crashed.contains(c.node())) {
                continue; // what a crashing node still says about itself is moot: its activations die with it
            }
            if (c.active()) {
                String other = activeOn.get(c.id());
                assertThat(other).as("%s activated on %s while active on %s", c.id(), c.node(), other).isNull();
                activeOn.put(c.id(), c.node());
                nodesSeen.computeIfAbsent(c.id(), k -> new HashSet<>()).add(c.node());
            } else {
                assertThat(activeOn.get(c.id())).as("%s deactivated on %s", c.id(), c.node()).isEqualTo(c.node());
                activeOn.remove(c.id());
            }
        }
        Set<String> moved = new HashSet<>();
        nodesSeen.forEach((id, nodes) -> {
            if (nodes.size() > 1) {
                moved.add(id.toString());
            }
        });
        return moved;
    }
}
