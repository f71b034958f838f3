package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.EventsRemovedException;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import io.botgrid.actor.UnreadableEventException;
import io.botgrid.proto.v1.JournalRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;

/**
 * {@link JournalReader} on the runtime's Ignite journal ({@code botgrid-journal}, keyed by {@link JournalKey}).
 * Reads are {@code getAll}s of consecutive keys up to the first missing one (an actor's journal has no gaps);
 * follows are {@link JournalTail}s, with the subscriber's demand as the tail's readiness.
 *
 * <p>Needs only the Ignite node, not the runtime, so the node can hand it out before its runtime has started
 * (calls then fail with {@link ClusterUnavailableException}).
 */
public final class IgniteJournalReader implements JournalReader {
    /** Keys asked for in one {@code getAll}. */
    private static final int READ_CHUNK = 256;

    private final Supplier<Ignite> ignite;
    /** The node's one continuous query on the journal, shared by all its follows. */
    private final JournalFeed feed = new JournalFeed();

    /** @param ignite the node's Ignite, null until it has started */
    public IgniteJournalReader(Supplier<Ignite> ignite) {
        this.ignite = Objects.requireNonNull(ignite, "ignite");
    }

    @Override
    public List<JournalEntry> read(ActorId actor, long fromSeq, int maxEntries) {
        Objects.requireNonNull(actor, "actor");
        if (fromSeq < 1) {
            throw new IllegalArgumentException("fromSeq must be at least 1, got " + fromSeq);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        String key = actor.asString();
        IgniteCache<JournalKey, byte[]> journal = journal(key);
        List<JournalEntry> out = new ArrayList<>(Math.min(maxEntries, READ_CHUNK));
        long seq = fromSeq;
        while (out.size() < maxEntries) {
            int chunk = Math.min(READ_CHUNK, maxEntries - out.size());
            Set<JournalKey> keys = new LinkedHashSet<>();
            for (int i = 0; i < chunk; i++) {
                keys.add(new JournalKey(key, seq + i));
            }
            Map<JournalKey, byte[]> found;
            try {
                found = journal.getAll(keys);
            } catch (RuntimeException e) {
                throw StorageErrors.journalError(key, "read", e);
            }
            for (JournalKey k : keys) {
                byte[] bytes = found.get(k);
                if (bytes == null) {
                    if (out.isEmpty()) {
                        checkNotRemoved(journal, actor, fromSeq);
                    }
                    return List.copyOf(out); // the end of the journal
                }
                out.add(entry(key, k.seq(), bytes));
            }
            seq += chunk;
        }
        return List.copyOf(out);
    }

    @Override
    public long lastSeq(ActorId actor) {
        String key = Objects.requireNonNull(actor, "actor").asString();
        IgniteCache<JournalKey, byte[]> journal = journal(key);
        try {
            long present = 1;
            if (!journal.containsKey(new JournalKey(key, 1))) {
                // Journal retention may have removed the events its snapshot covers: start from the snapshot.
                long covered = snapshotSeq(key);
                if (covered == 0) {
                    return 0;
                }
                if (!journal.containsKey(new JournalKey(key, covered + 1))) {
                    return covered;
                }
                present = covered + 1;
            }
            // No gaps: double until a missing number, then bisect between the last present and it.
            long absent = present * 2;
            while (journal.containsKey(new JournalKey(key, absent))) {
                present = absent;
                absent *= 2;
            }
            while (absent - present > 1) {
                long mid = present + (absent - present) / 2;
                if (journal.containsKey(new JournalKey(key, mid))) {
                    present = mid;
                } else {
                    absent = mid;
                }
            }
            return present;
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(key, "read", e);
        }
    }

    /** The sequence number the actor's snapshot covers, 0 without one. */
    private long snapshotSeq(String actor) {
        byte[] bytes = Stores.snapshots(ignite.get()).get(actor);
        if (bytes == null) {
            return 0;
        }
        try {
            return io.botgrid.proto.v1.SnapshotRecord.parseFrom(bytes).getSeq();
        } catch (InvalidProtocolBufferException e) {
            return 0;
        }
    }

    /**
     * Fails with {@link EventsRemovedException} if event {@code fromSeq}, which the journal does not hold, is below
     * its head: removed by journal retention rather than not written yet.
     */
    private void checkNotRemoved(IgniteCache<JournalKey, byte[]> journal, ActorId actor, long fromSeq) {
        String key = actor.asString();
        if (fromSeq > 1 && journal.containsKey(new JournalKey(key, fromSeq - 1))) {
            return; // removal goes oldest first: with its predecessor there, fromSeq is simply not written yet
        }
        long head = lastSeq(actor);
        if (head >= fromSeq) {
            long first;
            try {
                first = JournalRetention.firstSeq(journal, key, head);
            } catch (RuntimeException e) {
                throw StorageErrors.journalError(key, "read", e);
            }
            throw new EventsRemovedException(key, fromSeq, first);
        }
    }

    @Override
    public List<ActorId> actorsOfType(String type) {
        String prefix = Objects.requireNonNull(type, "type") + "/";
        List<ActorId> out = new ArrayList<>();
        journal(prefix + "*"); // the same checks as a read: joined, active, on the majority side
        IgniteCache<String, String> directory = Stores.directory(ignite.get());
        try (QueryCursor<Cache.Entry<String, String>> cursor = directory.query(
                new ScanQuery<String, String>(new WithEvents(prefix)))) {
            for (Cache.Entry<String, String> e : cursor) {
                out.add(ActorId.parse(e.getKey()));
            }
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(prefix + "*", "directory scan", e);
        }
        return out;
    }

    @Override
    public List<ActorId> actorsOfTypeInJournal(String type) {
        String prefix = Objects.requireNonNull(type, "type") + "/";
        Set<String> actors = new LinkedHashSet<>();
        journal(prefix + "*"); // the same checks as a read: joined, active, on the majority side
        try {
            try (QueryCursor<String> cursor = Stores.journal(ignite.get()).query(
                    new ScanQuery<JournalKey, byte[]>(new RecordOfType(prefix)), e -> e.getKey().actor())) {
                cursor.forEach(actors::add);
            }
            try (QueryCursor<String> cursor = Stores.snapshots(ignite.get()).query(
                    new ScanQuery<String, byte[]>(new SnapshotOfType(prefix)), Cache.Entry::getKey)) {
                cursor.forEach(actors::add);
            }
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(prefix + "*", "journal scan", e);
        }
        return actors.stream().map(ActorId::parse).toList();
    }

    /** Journal records of one actor type. Runs on the nodes holding them. */
    private static final class RecordOfType implements IgniteBiPredicate<JournalKey, byte[]> {
        private static final long serialVersionUID = 1L;
        private final String prefix;

        RecordOfType(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean apply(JournalKey key, byte[] record) {
            return key.actor().startsWith(prefix);
        }
    }

    /** Snapshots of one actor type. Runs on the nodes holding them. */
    private static final class SnapshotOfType implements IgniteBiPredicate<String, byte[]> {
        private static final long serialVersionUID = 1L;
        private final String prefix;

        SnapshotOfType(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean apply(String actor, byte[] snapshot) {
            return actor.startsWith(prefix);
        }
    }

    /** Directory entries of one actor type whose journal head is past 0. Runs on the nodes holding the entries. */
    private static final class WithEvents implements IgniteBiPredicate<String, String> {
        private static final long serialVersionUID = 1L;
        private final String prefix;

        WithEvents(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean apply(String actor, String entry) {
            return actor.startsWith(prefix) && DirectoryEntry.parse(entry).lastSeq() > 0;
        }
    }

    @Override
    public Subscription follow(ActorId actor, long fromSeq, Executor executor, Subscriber subscriber) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(subscriber, "subscriber");
        if (fromSeq < 1) {
            throw new IllegalArgumentException("fromSeq must be at least 1, got " + fromSeq);
        }
        Ignite node = ignite.get();
        Follow follow = new Follow(actor.asString(), fromSeq, subscriber);
        if (node == null) {
            follow.failed(notJoined());
            return follow;
        }
        try {
            IgniteCache<JournalKey, byte[]> journal = journal(actor.asString());
            if (!journal.containsKey(new JournalKey(actor.asString(), fromSeq))) {
                checkNotRemoved(journal, actor, fromSeq);
            }
        } catch (EventsRemovedException e) {
            follow.failed(e);
            return follow;
        } catch (RuntimeException e) {
            // Unavailable now: the tail reports it the way it reports its own read failures.
        }
        follow.tail = JournalTail.start(node, actor.asString(), fromSeq, executor, follow, feed);
        return follow;
    }

    private IgniteCache<JournalKey, byte[]> journal(String actor) {
        Ignite node = ignite.get();
        if (node == null) {
            throw notJoined();
        }
        try {
            if (!node.cluster().state().active()) {
                throw new ClusterUnavailableException("cannot read the journal of " + actor + ": the cluster of "
                        + "node " + node.name() + " is not active");
            }
            MajorityFence.Status quorum = MajorityFence.of(node).current(node);
            if (!quorum.inMajority()) {
                // The majority may have written after this side was cut off: what is here could be stale.
                throw new ClusterUnavailableException("cannot read the journal of " + actor + ": "
                        + quorum.reason());
            }
            return Stores.journal(node);
        } catch (ClusterUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("cannot read the journal of " + actor + ": " + e.getMessage(), e);
        }
    }

    private static ClusterUnavailableException notJoined() {
        return new ClusterUnavailableException("the node has not joined its cluster yet");
    }

    static JournalEntry entry(String actor, long seq, byte[] bytes) {
        try {
            JournalRecord record = JournalRecord.parseFrom(bytes);
            if (record.getSeq() != seq) {
                throw new UnreadableEventException("journal record " + actor + "#" + seq + " says it is #"
                        + record.getSeq(), null);
            }
            return new JournalEntry(seq, record.getEvent(), record.getTimestampMillis());
        } catch (InvalidProtocolBufferException e) {
            throw new UnreadableEventException("journal record " + actor + "#" + seq + " does not parse: "
                    + e.getMessage(), e);
        }
    }

    /** One follow: a journal tail whose readiness is the subscriber's outstanding demand. */
    private static final class Follow implements Subscription, JournalTail.Sink {
        private final String actor;
        private final Subscriber subscriber;
        private final AtomicLong demand = new AtomicLong();
        private volatile JournalTail tail;
        private final long fromSeq;
        private volatile boolean closed;

        Follow(String actor, long fromSeq, Subscriber subscriber) {
            this.actor = actor;
            this.fromSeq = fromSeq;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("request must be at least 1, got " + n);
            }
            demand.accumulateAndGet(n, (have, more) -> have + more < 0 ? Long.MAX_VALUE : have + more);
            JournalTail t = tail;
            if (t != null) {
                t.resume();
            }
        }

        @Override
        public long nextSeq() {
            JournalTail t = tail;
            return t == null ? fromSeq : t.nextSeq();
        }

        @Override
        public boolean ready() {
            return !closed && demand.get() > 0;
        }

        @Override
        public void record(long seq, byte[] record) {
            JournalEntry entry = entry(actor, seq, record);
            if (demand.get() != Long.MAX_VALUE) {
                demand.decrementAndGet();
            }
            subscriber.onEntry(entry);
        }

        @Override
        public void caughtUp(long nextSeq) {
            subscriber.onCaughtUp(nextSeq);
        }

        @Override
        public void failed(Throwable error) {
            if (closed) {
                return;
            }
            closed = true;
            // Storage failures become the public error; the subscriber's own (and ours) go back as they are.
            Throwable reported = error instanceof IgniteException || error instanceof CacheException
                    ? StorageErrors.journalError(actor, "follow", error) : error;
            subscriber.onError(reported);
        }

        @Override
        public void close() {
            closed = true;
            JournalTail t = tail;
            if (t != null) {
                t.close();
            }
        }
    }
}
