package io.botgrid.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.proto.v1.SnapshotRecord;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recovery reads storage asynchronously, and sizes its first journal read by the head of the claimed directory entry.
 * That head is only a hint: whatever it says, recovery replays every event after the snapshot, in order, up to the
 * first missing sequence number, and adopts where the journal really ends. Journals are written here directly, as a
 * writer that reserved and died, an entry from before heads, or a gap would leave them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecoveryReadsTest {
    /** The ledger type that snapshots every 5 events. */
    private static final String SNAPSHOTTED = "ledger-snap";

    @Test
    void theEventsPastTheSnapshotAreAllReplayedAfterTheActorIsReactivated() {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).start()) {
            ActorId id = ActorId.of(SNAPSHOTTED, "past-snapshot");
            List<String> tags = new ArrayList<>();
            for (int i = 1; i <= 13; i++) {
                tags.add("t" + i);
                assertThat(ask(cluster, id, "append:t" + i)).isEqualTo(Integer.toString(i));
            }
            var snapshots = Stores.snapshots(cluster.node(0).ignite());
            await().atMost(Duration.ofSeconds(30)).until(() -> snapshots.get(id.asString()) != null
                    && SnapshotRecord.parseFrom(snapshots.get(id.asString())).getSeq() == 10);

            assertThat(cluster.passivate(id)).isTrue();
            assertThat(ask(cluster, id, "tags")).as("snapshot #10, then #11-#13").isEqualTo(String.join(",", tags));
            assertThat(ask(cluster, id, "append:t14")).isEqualTo("14");
        }
    }

    @Test
    void aHeadBehindTheJournalStillReplaysToTheFirstGapAcrossSeveralReads() {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).start()) {
            ActorId id = ActorId.of(ItSupport.LEDGER, "head-behind");
            String actor = id.asString();
            // 700 events (more than one read of 512 holds), then a gap at #701 and a stray #702; no directory
            // entry, so the claim says head 0, as an entry from before heads did.
            Map<JournalKey, byte[]> events = new HashMap<>();
            for (long seq = 1; seq <= 700; seq++) {
                events.put(new JournalKey(actor, seq), record(seq, "e" + seq));
            }
            events.put(new JournalKey(actor, 702), record(702, "stray"));
            Stores.journal(cluster.node(0).ignite()).putAll(events);

            assertThat(ask(cluster, id, "count")).isEqualTo("700");
            String tags = ask(cluster, id, "tags");
            assertThat(tags).startsWith("e1,e2,e3,").endsWith(",e699,e700").doesNotContain("stray");
            assertThat(tags.split(",")).hasSize(700);
            assertThat(entry(cluster, actor).lastSeq()).as("the head adopted where the journal ends").isEqualTo(700);
        }
    }

    @Test
    void aHeadAheadOfTheJournalIsAdoptedDownToWhereTheEventsEnd() {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).start()) {
            ActorId id = ActorId.of(ItSupport.LEDGER, "head-ahead");
            String actor = id.asString();
            IgniteCache<JournalKey, byte[]> journal = Stores.journal(cluster.node(0).ignite());
            for (long seq = 1; seq <= 3; seq++) {
                journal.put(new JournalKey(actor, seq), record(seq, "e" + seq));
            }
            // A writer reserved up to #10 and died having written #1-#3.
            Stores.directory(cluster.node(0).ignite()).put(actor,
                    DirectoryEntry.held(UUID.randomUUID(), 1, 4, 10).released().format());

            assertThat(ask(cluster, id, "tags")).isEqualTo("e1,e2,e3");
            DirectoryEntry entry = entry(cluster, actor);
            assertThat(entry.epoch()).isEqualTo(5);
            assertThat(entry.lastSeq()).isEqualTo(3);
            assertThat(ask(cluster, id, "append:e4")).isEqualTo("4");
        }
    }

    @Test
    void anEventThatDoesNotParseFailsTheActivationInsteadOfHangingIt() {
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ItSupport.ledgerTypes()).start()) {
            ActorId id = ActorId.of(ItSupport.LEDGER, "unreadable");
            String actor = id.asString();
            IgniteCache<JournalKey, byte[]> journal = Stores.journal(cluster.node(0).ignite());
            journal.put(new JournalKey(actor, 1), record(1, "e1"));
            journal.put(new JournalKey(actor, 2), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

            assertThatThrownBy(() -> ask(cluster, id, "tags")).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ActorException.class).hasMessageContaining("replay of #2");
            assertThat(cluster.node(0).isActive(id)).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> !entry(cluster, actor).isHeld());

            journal.put(new JournalKey(actor, 2), record(2, "e2"));
            assertThat(ask(cluster, id, "tags")).as("the next activation recovers").isEqualTo("e1,e2");
        }
    }

    private static byte[] record(long seq, String tag) {
        return JournalRecord.newBuilder().setSeq(seq).setEvent(StringValue.of(tag).toByteString())
                .setTimestampMillis(1).setReply(ByteString.EMPTY).build().toByteArray();
    }

    private static DirectoryEntry entry(TestCluster cluster, String actor) {
        return DirectoryEntry.parse(Stores.directory(cluster.node(0).ignite()).get(actor));
    }

    private static String ask(TestCluster cluster, ActorId id, String command) {
        return cluster.node(0).actors().<StringValue>ask(id, StringValue.of(command)).join().getValue();
    }
}
