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
            ActivationDirectory probe = new ActivationDirectory(Stores.directory(ignite0), UUID.randomUUID(), n -> true);
            long staleEpoch = probe.entry(actorKey).epoch();
            assertThat(probe.entry(actorKey).lastSeq()).as("the head follows the journal").isEqualTo(2);

            // node-1 takes the actor over in the directory, believing node-0 gone (as a majority side does when it
            // loses sight of a cut-off owner); node-0's activation lives on, unaware.
            Ignite ignite1 = cluster.node(1).ignite();
            UUID node1 = ignite1.cluster().localNode().id();
            ActivationDirectory newOwner = new ActivationDirectory(Stores.directory(ignite1), node1, n -> false);
            ActivationDirectory.Claim claim = newOwner.claim(actorKey, 1_000_000);
            assertThat(claim.claimed()).isTrue();
            assertThat(claim.epoch()).isEqualTo(staleEpoch + 1);

            // The stale activation's append is refused by the fence; it stops, and since the directory names a live
            // holder, the call cannot be placed anywhere before its deadline: a retriable error, nothing written.
            assertThatThrownBy(() -> client.<StringValue>ask(id, StringValue.of("append:stale"),
                    CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(2))).join())
                    .isInstanceOf(CompletionException.class)
                    .satisfies(e -> assertThat(((ActorException) e.getCause()).code().isRetryable()).isTrue());
            assertThat(cluster.node(0).isActive(id)).as("the stale activation stopped itself").isFalse();
            var journal = Stores.journal(ignite0);
            assertThat(journal.containsKey(new JournalKey(actorKey, 3))).as("the stale append wrote nothing")
                    .isFalse();
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
}
