package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public event-reading port ({@link io.botgrid.node.BotgridNode#events()}) on a real 2-node cluster: pages from a
 * sequence number, the last number, and a follow that is gap-free, repeat-free and bounded by its demand.
 */
class JournalReaderTest {
    private static TestCluster cluster;
    private static ExecutorService io;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(new LedgerTypes().get()).start();
        io = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        io.shutdownNow();
        cluster.close();
    }

    private static ActorId ledger(String key) {
        return ActorId.of(LedgerTypes.LEDGER, key);
    }

    /** Appends {@code count} tags {@code prefix-i}, one call each, waiting for each before the next (known order). */
    private static void append(ActorId id, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            cluster.client().ask(id, cmd("append:" + prefix + "-" + i)).join();
        }
    }

    /** Appends {@code count} tags all at once: the calls are in flight together, the actor orders them. */
    private static CompletableFuture<Void> appendConcurrently(ActorId id, String prefix, int count) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(cluster.client().ask(id, cmd("append:" + prefix + "-" + i)));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    private static String tag(JournalEntry e) {
        return e.event(StringValue.parser()).getValue();
    }

    @Test
    void readsBoundedPagesFromASequenceNumberAndTheLastNumber() {
        ActorId id = ledger("pages");
        append(id, "e", 10);
        JournalReader journal = cluster.node(1).events();

        List<JournalEntry> first = journal.read(id, 1, 4);
        assertThat(first).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(first).extracting(JournalReaderTest::tag).containsExactly("e-0", "e-1", "e-2", "e-3");
        assertThat(first).allSatisfy(e -> assertThat(e.timestampMillis()).isPositive());
        assertThat(journal.read(id, 5, 4)).extracting(JournalEntry::seq).containsExactly(5L, 6L, 7L, 8L);
        assertThat(journal.read(id, 9, 4)).extracting(JournalReaderTest::tag).containsExactly("e-8", "e-9");
        assertThat(journal.read(id, 11, 4)).isEmpty();
        assertThat(journal.read(id, 1, 1000)).hasSize(10);

        assertThat(journal.lastSeq(id)).isEqualTo(10);
        assertThat(journal.lastSeq(ledger("never-written"))).isZero();
        assertThat(journal.read(ledger("never-written"), 1, 10)).isEmpty();
        assertThatThrownBy(() -> journal.read(id, 0, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fromSeq");
        assertThatThrownBy(() -> journal.read(id, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntries");
    }

    @Test
    void followDeliversHeldThenNewEventsWithNoGapAndNoRepeatWhileTheCatchUpOverlapsWrites() {
        // An actor node-0 owns, followed through node-1: the continuous query notifies across nodes.
        ActorId id = ownedBy("node-0", "overlap");
        // More than one catch-up chunk (256) already held, and more being written while the follow starts.
        appendConcurrently(id, "held", 300).join();
        CompletableFuture<Void> writing = appendConcurrently(id, "live", 200);
        Recorder recorder = new Recorder();
        try (JournalReader.Subscription follow = cluster.node(1).events().follow(id, 1, io, recorder)) {
            follow.request(Long.MAX_VALUE);
            writing.join();
            appendConcurrently(id, "after", 50).join();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorder.entries).hasSize(550));
            assertThat(recorder.entries).extracting(JournalEntry::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 550).boxed().toList());
            assertThat(recorder.entries).extracting(JournalReaderTest::tag)
                    .containsExactlyElementsOf(JournalCheck.events(cluster.node(0).events(), id));
            assertThat(recorder.caughtUpAt.get()).isNotNull();
            assertThat(follow.nextSeq()).isEqualTo(551);
            assertThat(recorder.error.get()).isNull();
        }
    }

    @Test
    void followDeliversNothingBeyondWhatWasRequested() {
        ActorId id = ledger("demand");
        append(id, "d", 20);
        Recorder recorder = new Recorder();
        try (JournalReader.Subscription follow = cluster.node(0).events().follow(id, 5, io, recorder)) {
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> recorder.entries.isEmpty());

            follow.request(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.entries.size() == 3);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> recorder.entries.size() == 3);
            assertThat(recorder.entries).extracting(JournalEntry::seq).containsExactly(5L, 6L, 7L);
            assertThat(follow.nextSeq()).isEqualTo(8);

            // New events wait for demand too; then come in order after the held ones.
            append(id, "n", 5);
            follow.request(14);
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.entries.size() == 17);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> recorder.entries.size() == 17);
            assertThat(recorder.entries).extracting(JournalEntry::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(5, 21).boxed().toList());

            follow.request(100);
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.entries.size() == 21);
            assertThat(recorder.entries.get(20).seq()).isEqualTo(25);
            assertThat(tag(recorder.entries.get(20))).isEqualTo("n-4");
            assertThatThrownBy(() -> follow.request(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aClosedFollowReceivesNothingMore() {
        ActorId id = ledger("closed");
        append(id, "c", 2);
        Recorder recorder = new Recorder();
        JournalReader.Subscription follow = cluster.node(0).events().follow(id, 1, io, recorder);
        follow.request(Long.MAX_VALUE);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.entries.size() == 2);
        follow.close();
        append(id, "c-after", 3);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> recorder.entries.size() == 2);
        assertThat(recorder.error.get()).isNull();
    }

    /** A ledger whose key starts with {@code prefix} and whose owner is {@code node}. */
    private static ActorId ownedBy(String node, String prefix) {
        for (int i = 0; ; i++) {
            ActorId id = ledger(prefix + "-" + i);
            if (node.equals(cluster.node(0).ownerOf(id))) {
                return id;
            }
        }
    }

    /** Records what a follow delivers. */
    private static final class Recorder implements JournalReader.Subscriber {
        final List<JournalEntry> entries = new CopyOnWriteArrayList<>();
        final AtomicReference<Long> caughtUpAt = new AtomicReference<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();

        @Override
        public void onEntry(JournalEntry entry) {
            entries.add(entry);
        }

        @Override
        public void onCaughtUp(long nextSeq) {
            caughtUpAt.set(nextSeq);
        }

        @Override
        public void onError(Throwable e) {
            error.set(e);
        }
    }
}
