package io.botgrid.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.botgrid.it.ItSupport;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.telemetry.RuntimeMetrics;
import io.botgrid.testkit.TestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The journal's two fence paths on a real 2-node cluster. The fused write ({@link FencedAppend}) reads the directory
 * entry's primary copy on the journal entry's primary; when that copy is elsewhere (in production only while the two
 * cache groups rebalance) it writes nothing and the journal fences through the directory instead. Here the journal
 * is a cache whose affinity differs from the directory's, so about half the actors take each path: every append is
 * written exactly once, and a stale epoch or an occupied slot is refused on both paths alike.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalFenceFallbackTest {

    @Test
    void appendsAreFencedOnTheFusedAndTheTwoStepPathAlike() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes()).start()) {
            Ignite ignite = cluster.node(0).ignite();
            IgniteCache<JournalKey, byte[]> otherPlacement = ignite.getOrCreateCache(
                    new CacheConfiguration<JournalKey, byte[]>("fence-fallback-journal")
                            .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                            .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                            .setBackups(1)
                            .setAffinity(new RendezvousAffinityFunction(false, 7)));
            IgniteCache<String, String> directory = Stores.directory(ignite);
            Journal journal = new Journal(otherPlacement, directory, AckGuard.of(ignite), executor, new RuntimeMetrics(),
                    2, 256);

            Affinity<Object> journalAffinity = ignite.affinity("fence-fallback-journal");
            Affinity<Object> directoryAffinity = ignite.affinity(Stores.DIRECTORY);
            List<String> actors = new ArrayList<>();
            int elsewhere = 0;
            for (int i = 0; i < 40; i++) {
                String actor = "ledger/fallback-" + i;
                actors.add(actor);
                directory.put(actor, DirectoryEntry.held(UUID.randomUUID(), 1, 3, 0).format());
                if (!journalAffinity.mapKeyToNode(new JournalKey(actor, 1)).equals(
                        directoryAffinity.mapKeyToNode(actor))) {
                    elsewhere++;
                }
            }
            assertThat(elsewhere).as("actors whose directory primary is not their journal primary")
                    .isBetween(1, actors.size() - 1);

            List<CompletableFuture<Void>> written = new ArrayList<>();
            for (String actor : actors) {
                written.add(journal.append(actor, 3, records(1, 2)));
            }
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();
            for (String actor : actors) {
                assertThat(otherPlacement.get(new JournalKey(actor, 1))).isNotNull();
                assertThat(otherPlacement.get(new JournalKey(actor, 2))).isNotNull();
            }

            for (String actor : actors) {
                assertThatThrownBy(() -> journal.append(actor, 2, records(3, 3)).join())
                        .as("a stale epoch")
                        .isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(JournalConflictException.class)
                        .hasMessageContaining("owner epoch is 3, this activation's is 2");
                assertThat(otherPlacement.containsKey(new JournalKey(actor, 3))).isFalse();
                assertThatThrownBy(() -> journal.append(actor, 3, records(2, 2)).join())
                        .as("an occupied slot")
                        .hasCauseInstanceOf(JournalConflictException.class)
                        .hasMessageContaining("already has event #2");
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static List<JournalRecord> records(long from, long to) {
        List<JournalRecord> records = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            records.add(JournalRecord.newBuilder().setSeq(seq).setEvent(ByteString.copyFromUtf8("e" + seq)).build());
        }
        return records;
    }
}
