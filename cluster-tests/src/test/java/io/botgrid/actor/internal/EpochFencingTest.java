package io.botgrid.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.it.ItSupport;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Epoch fencing on a real 2-node cluster: the directory gives an actor to another activation while the old one is
 * still live (what a node cut off or frozen just before a failover looks like). The old activation's next append is
 * refused by the epoch fence, it stops itself, the caller gets a retriable error, and no sequence number is ever
 * written twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EpochFencingTest {

    @Test
    void aStaleActivationCannotAppendAfterTheDirectoryMovedOwnership() {
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes()).start()) {
            ActorId id = ownedByNode0(cluster);
            String actorKey = id.asString();
            var client = cluster.node(0).actors();
            assertThat(ask(client, id, "append:a")).isEqualTo("1");
            assertThat(ask(client, id, "append:b")).isEqualTo("2");
            assertThat(cluster.node(0).isActive(id)).isTrue();

            Ignite ignite0 = cluster.node(0).ignite();
            ActivationDirectory probe = new ActivationDirectory(Stores.directory(ignite0), UUID.randomUUID(),
                    () -> new UUID[0]);
            long staleEpoch = probe.entry(actorKey).epoch();
            assertThat(probe.entry(actorKey).lastSeq()).as("the head follows the journal").isEqualTo(2);

            // node-1 takes the actor over in the directory, believing node-0 gone (as a majority side does when it
            // loses sight of a cut-off owner); node-0's activation lives on, unaware.
            Ignite ignite1 = cluster.node(1).ignite();
            UUID node1 = ignite1.cluster().localNode().id();
            ActivationDirectory newOwner = new ActivationDirectory(Stores.directory(ignite1), node1, () -> new UUID[0]);
            ActivationDirectory.Claim claim = newOwner.claim(actorKey, 1_000_000);
            assertThat(claim.claimed()).isTrue();
            assertThat(claim.epoch()).isEqualTo(staleEpoch + 1);

            // The stale activation's append is refused by the fence; it stops, and since the directory names a live
            // holder, the call cannot be placed anywhere before its deadline: a retriable error, nothing written.
            var journal = Stores.journal(ignite0);
            assertStaleAppendRefused(cluster, id, 3);
            assertThat(probe.entry(actorKey).epoch()).isEqualTo(staleEpoch + 1);

            // The new owner gives the actor back: the next activation recovers and appends #3, exactly once.
            newOwner.release(actorKey, 1_000_000);
            assertThat(ask(client, id, "append:c")).isEqualTo("3");
            assertThat(ask(client, id, "tags")).isEqualTo("a,b,c");
            assertThat(journal.containsKey(new JournalKey(actorKey, 4))).isFalse();
            DirectoryEntry after = probe.entry(actorKey);
            assertThat(after.epoch()).as("a new activation, a new epoch").isEqualTo(staleEpoch + 2);
            assertThat(after.lastSeq()).isEqualTo(3);
        }
    }

    /**
     * A new actor's activation skips the head adoption (the journal ends where the claimed entry says: nowhere), so
     * nothing but the append fence checks its epoch after the claim. Taken over right after activating, before any
     * append, it must still be refused at its first append and write nothing.
     */
    @Test
    void anActivationThatSkippedTheHeadAdoptionIsStillRefusedOnceTakenOver() {
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes()).start()) {
            ActorId id = ownedByNode0(cluster);
            String actorKey = id.asString();
            var client = cluster.node(0).actors();
            assertThat(ask(client, id, "tags")).as("a read: activates, appends nothing").isEmpty();
            assertThat(cluster.node(0).isActive(id)).isTrue();
            Ignite ignite0 = cluster.node(0).ignite();
            ActivationDirectory probe = new ActivationDirectory(Stores.directory(ignite0), UUID.randomUUID(),
                    () -> new UUID[0]);
            DirectoryEntry activated = probe.entry(actorKey);
            assertThat(activated.epoch()).isEqualTo(1);
            assertThat(activated.lastSeq()).as("nothing adopted, nothing reserved").isZero();

            Ignite ignite1 = cluster.node(1).ignite();
            UUID node1 = ignite1.cluster().localNode().id();
            ActivationDirectory newOwner = new ActivationDirectory(Stores.directory(ignite1), node1,
                    () -> new UUID[] {node1});
            ActivationDirectory.Claim claim = newOwner.claim(actorKey, 1_000_000);
            assertThat(claim).isEqualTo(new ActivationDirectory.Claim(2, 0));

            assertStaleAppendRefused(cluster, id, 1);
            assertThat(probe.entry(actorKey)).isEqualTo(DirectoryEntry.held(node1, 1_000_000, 2, 0));

            newOwner.release(actorKey, 1_000_000);
            assertThat(ask(client, id, "append:a")).isEqualTo("1");
            assertThat(probe.entry(actorKey).epoch()).isEqualTo(3);
            assertThat(probe.entry(actorKey).lastSeq()).isEqualTo(1);
        }
    }

    /** The claim's cases, one entry processor each: the outcomes the compare-and-set loop it replaced had. */
    @Test
    void aClaimTakesAbsentReleasedAndAbandonedEntriesAndRefusesOnesHeldByALiveNode() {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).start()) {
            var cache = Stores.directory(cluster.node(0).ignite());
            UUID me = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            UUID gone = UUID.randomUUID();
            ActivationDirectory directory = new ActivationDirectory(cache, me, () -> new UUID[] {me, other});

            assertThat(directory.claim("a/absent", 7)).as("absent: fresh")
                    .isEqualTo(new ActivationDirectory.Claim(1, 0));
            assertThat(directory.entry("a/absent")).isEqualTo(DirectoryEntry.held(me, 7, 1, 0));
            assertThat(directory.claim("a/absent", 7)).as("ours: again")
                    .isEqualTo(new ActivationDirectory.Claim(1, 0));

            cache.put("a/released", DirectoryEntry.held(other, 3, 4, 9).released().format());
            assertThat(directory.claim("a/released", 8)).isEqualTo(new ActivationDirectory.Claim(5, 9));
            assertThat(directory.entry("a/released")).isEqualTo(DirectoryEntry.held(me, 8, 5, 9));

            cache.put("a/earlier", DirectoryEntry.held(me, 2, 6, 3).format());
            assertThat(directory.claim("a/earlier", 9)).as("an earlier activation of this node")
                    .isEqualTo(new ActivationDirectory.Claim(7, 3));

            cache.put("a/gone", DirectoryEntry.held(gone, 1, 2, 5).format());
            assertThat(directory.claim("a/gone", 10)).as("held by a node that left")
                    .isEqualTo(new ActivationDirectory.Claim(3, 5));

            String busy = DirectoryEntry.held(other, 1, 2, 5).format();
            cache.put("a/busy", busy);
            assertThat(directory.claim("a/busy", 11)).isEqualTo(ActivationDirectory.Claim.BUSY);
            assertThat(cache.get("a/busy")).as("a refused claim changes nothing").isEqualTo(busy);

            cache.put("a/legacy", other + "#1");
            assertThat(new ActivationDirectory(cache, me, () -> new UUID[] {me}).claim("a/legacy", 12))
                    .as("an entry from before epochs, its holder gone").isEqualTo(new ActivationDirectory.Claim(1, 0));
        }
    }

    @Test
    void theFenceRefusesAStaleEpochAndAnUnexpectedHeadAtomically() {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).start()) {
            var directory = Stores.directory(cluster.node(0).ignite());
            String actor = "ledger/direct";
            directory.put(actor, DirectoryEntry.held(UUID.randomUUID(), 1, 5, 10).format());
            assertThat(directory.invoke(actor, new ReserveAppend(4, 10, 1))).contains("owner epoch is 5");
            assertThat(directory.invoke(actor, new ReserveAppend(5, 9, 1))).contains("journal head is #10");
            assertThat(directory.invoke(actor, new ReserveAppend(5, 10, 2))).isNull();
            assertThat(DirectoryEntry.parse(directory.get(actor)).lastSeq()).isEqualTo(12);
            assertThat(directory.invoke(actor, new ReserveAppend(5, 10, 1))).as("the same slots twice")
                    .contains("journal head is #12");
            assertThat(directory.invoke(actor, new AdoptHead(4, 11))).contains("owner epoch is 5");
            assertThat(directory.invoke(actor, new AdoptHead(5, 11))).isNull();
            assertThat(DirectoryEntry.parse(directory.get(actor)).lastSeq()).isEqualTo(11);
        }
    }

    private static String ask(io.botgrid.actor.ActorClient client, ActorId id, String command) {
        return client.<StringValue>ask(id, StringValue.of(command)).join().getValue();
    }

    private static ActorId ownedByNode0(TestCluster cluster) {
        for (int i = 0; ; i++) {
            ActorId id = ActorId.of(ItSupport.LEDGER, "epoch-" + i);
            if ("node-0".equals(cluster.node(0).ownerOf(id))) {
                return id;
            }
        }
    }

    /**
     * The stale activation on node 0 tries to append #{@code seq}: refused with a retriable error (the directory
     * names a live holder, so the call cannot be placed before its deadline), the activation stops, nothing written.
     */
    private static void assertStaleAppendRefused(TestCluster cluster, ActorId id, long seq) {
        var client = cluster.node(0).actors();
        assertThatThrownBy(() -> client.<StringValue>ask(id, StringValue.of("append:stale"),
                CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(2))).join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(((ActorException) e.getCause()).code().isRetryable()).isTrue());
        assertThat(cluster.node(0).isActive(id)).as("the stale activation stopped itself").isFalse();
        assertThat(Stores.journal(cluster.node(0).ignite()).containsKey(new JournalKey(id.asString(), seq)))
                .as("the stale append wrote nothing").isFalse();
    }
}
