package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.JournalReplica;
import io.botgrid.actor.ReplicationLink;
import io.botgrid.actor.ReplicationRefusedException;
import io.botgrid.proto.v1.SnapshotRecord;
import io.botgrid.telemetry.ReplicationMetrics;
import io.botgrid.util.ContinuousQueries;
import io.botgrid.util.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the journals of the actors whose partitions this node holds as primary to the standby region, built on
 * Botgrid's own journal: asynchronous (never on a turn's path), in sequence order per actor, without duplicates, and
 * resuming after either side restarts.
 *
 * <p>How. Each actor's shipped position (the highest sequence number the standby acknowledged, with everything
 * before it) is kept in {@link Stores#REPLICATION}, a persistent cache placed like the journal, so it lives with the
 * actor's data and survives restarts and ownership moves. Two sources mark an actor as due: a continuous query on
 * the journal filtered to this node's writes ({@link WrittenOnNode}, for a low lag), and a sweep of this node's
 * primary directory partitions every {@code sweep} that compares each actor's journal head with its shipped position
 * (for whatever the query missed: a restart, an ownership move, a failed shipment). A single thread takes the due
 * actors, reads each
 * one's journal after its position up to the first gap, ships the records of many actors in one batch, and moves
 * the positions once the standby answered. The standby writes a record only if absent, so shipping a record twice
 * (a crash between the answer and the position write) never duplicates it.
 *
 * <p>Why not Ignite CDC: {@code CdcMain} runs as a separate process per node reading the WAL archive, so its lag is
 * bounded by WAL segment rollover (or needs {@code walForceArchiveTimeout}), and it would need its own deployment and
 * state; the journal is already ordered per actor and readable, so shipping from it needs neither.
 */
public final class JournalShipper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalShipper.class);
    /** Records of one actor read per round; the rest go in the next round. */
    private static final int MAX_PER_ACTOR = 512;
    /** Actors per shipped batch. */
    private static final int MAX_ACTORS = 1_024;
    /** Records per shipped batch. */
    private static final int MAX_BATCH = 8_192;

    private final Ignite ignite;
    private final String nodeName;
    private final ReplicationLink link;
    private final ReplicationMetrics metrics;
    private final Duration sweep;
    private final BooleanSupplier shipping;
    private final Consumer<ReplicationRefusedException> onFenced;
    /** Actors due, with the time (nanos) their oldest unshipped change was first seen. */
    private final Map<String, Long> due = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread;
    /** Actors of the batch on its way, with the time their oldest change was seen (for the lag). */
    private volatile Map<String, Long> inFlight = Map.of();
    private volatile QueryCursor<?> query;
    /**
     * The sequence number of each actor's snapshot the standby acknowledged, in memory (shipper thread only): after
     * a restart a snapshot is shipped once more, and the standby, which keeps the newest, skips it.
     */
    private final Map<String, Long> snapshotsShipped = new HashMap<>();
    /**
     * Actors whose records were shipped since the last sweep, and those of the sweep before. A snapshot is saved in
     * the background after the append it covers, often after that append was shipped: each actor is looked at again
     * at the second sweep after its shipment, and its snapshot shipped then if it is new. (Not a continuous query on
     * the snapshots: it would hear of every snapshot write, most of them of actors shipped already.) Shipper thread
     * only.
     */
    private Set<String> recheckNext = new HashSet<>();
    private Set<String> recheckNow = new HashSet<>();
    private volatile boolean closed;
    private volatile long retryAfter;

    /**
     * @param shipping whether the region ships now (it is the home of its actors); asked before every shipment
     * @param onFenced told the refusal when the standby refuses this region's shipments (the region decides whether
     *     it is fenced: see {@link ReplicationRefusedException#term()})
     */
    public JournalShipper(Ignite ignite, String nodeName, ReplicationLink link, ReplicationMetrics metrics,
                          Duration sweep, BooleanSupplier shipping, Consumer<ReplicationRefusedException> onFenced) {
        this.shipping = shipping;
        this.onFenced = onFenced;
        this.ignite = ignite;
        this.nodeName = nodeName;
        this.link = link;
        this.metrics = metrics;
        this.sweep = sweep;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("botgrid-shipper-" + nodeName));
    }

    /** Starts following the journal; the first sweep runs at once. */
    public void start() {
        ContinuousQuery<JournalKey, byte[]> q = new ContinuousQuery<>();
        q.setRemoteFilterFactory(WrittenOnNode.factory(ignite.cluster().localNode().id()));
        q.setLocalListener(events -> {
            long now = System.nanoTime();
            for (CacheEntryEvent<? extends JournalKey, ? extends byte[]> e : events) {
                due.putIfAbsent(e.getKey().actor(), now);
            }
        });
        query = ContinuousQueries.listen(Stores.journal(ignite), q);
        metrics.lagSource(this::lagSeconds);
        thread.scheduleWithFixedDelay(this::sweepSafely, 0, sweep.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::shipSafely, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** Age of the oldest change not shipped yet, seconds; 0 when nothing is due. */
    double lagSeconds() {
        long now = System.nanoTime();
        long oldest = Math.min(due.values().stream().mapToLong(Long::longValue).min().orElse(now),
                inFlight.values().stream().mapToLong(Long::longValue).min().orElse(now));
        return Math.max(0, now - oldest) / 1e9;
    }

    private void sweepSafely() {
        if (!shipping.getAsBoolean()) {
            return;
        }
        try {
            sweepOnce();
            if (due.isEmpty() && inFlight.isEmpty()) {
                probe();
            }
        } catch (ReplicationRefusedException e) {
            fenced(e);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Replication sweep of {} failed: {}", nodeName, e.toString());
            }
        }
    }

    /**
     * An empty shipment, so that a region with nothing to ship still learns within a sweep that the standby was
     * promoted over it (and the standby that it is one).
     */
    private void probe() {
        link.ship(List.of());
    }

    private void fenced(ReplicationRefusedException e) {
        due.clear(); // the sweep marks them again if the region still ships
        retryAfter = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        onFenced.accept(e);
    }

    /**
     * Marks due every local primary actor whose journal head is past its shipped position, and those whose snapshot
     * may have been saved since their records were shipped.
     */
    private void sweepOnce() {
        long seen = System.nanoTime();
        recheckNow.forEach(actor -> due.putIfAbsent(actor, seen));
        recheckNow = recheckNext;
        recheckNext = new HashSet<>();
        IgniteCache<String, String> directory = Stores.directory(ignite);
        Affinity<String> affinity = ignite.affinity(Stores.DIRECTORY);
        ClusterNode local = ignite.cluster().localNode();
        long now = System.nanoTime();
        for (int p : affinity.primaryPartitions(local)) {
            Map<String, Long> heads = new HashMap<>();
            try (QueryCursor<Cache.Entry<String, String>> cursor =
                         directory.query(new ScanQuery<String, String>().setPartition(p).setLocal(true))) {
                for (Cache.Entry<String, String> e : cursor) {
                    long head = DirectoryEntry.parse(e.getValue()).lastSeq();
                    if (head > 0) {
                        heads.put(e.getKey(), head);
                    }
                }
            }
            if (heads.isEmpty()) {
                continue;
            }
            Map<String, Long> shipped = Stores.replication(ignite).getAll(heads.keySet());
            heads.forEach((actor, head) -> {
                if (head > shipped.getOrDefault(actor, 0L)) {
                    due.putIfAbsent(actor, now);
                }
            });
        }
    }

    private void shipSafely() {
        if (due.isEmpty() || System.nanoTime() < retryAfter || !shipping.getAsBoolean()) {
            return;
        }
        try {
            while (!closed && !due.isEmpty() && shipOnce()) {
                // next batch
            }
        } catch (ReplicationRefusedException e) {
            fenced(e);
        } catch (RuntimeException e) {
            metrics.failed();
            retryAfter = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            if (!closed) {
                LOG.warn("Replication of {} to the standby region failed (retrying in 1 s): {}", nodeName,
                        e.toString());
            }
        }
    }

    /** Ships one batch; false if nothing could be shipped now. */
    private boolean shipOnce() {
        IgniteCache<String, Long> positions = Stores.replication(ignite);
        IgniteCache<JournalKey, byte[]> journal = Stores.journal(ignite);
        Affinity<String> affinity = ignite.affinity(Stores.DIRECTORY);
        ClusterNode local = ignite.cluster().localNode();
        // taken out of 'due' before reading, so that a change notified while this batch is on its way marks the
        // actor due again instead of being forgotten with it
        Map<String, Long> taken = new HashMap<>();
        // oldest first: under steady writes the same actors are due again at once, and must not starve the others
        List<Map.Entry<String, Long>> oldest = due.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .limit(MAX_ACTORS).toList();
        for (Map.Entry<String, Long> e : oldest) {
            String actor = e.getKey();
            Long seen = due.remove(actor);
            if (seen == null) {
                continue;
            }
            if (!affinity.isPrimary(local, actor)) {
                continue; // its new primary's sweep takes it over
            }
            taken.put(actor, seen);
        }
        if (taken.isEmpty()) {
            return false;
        }
        inFlight = taken;
        try {
            return ship(taken, positions, journal);
        } catch (RuntimeException e) {
            taken.forEach((actor, seen) -> due.merge(actor, seen, Math::min));
            throw e;
        } finally {
            inFlight = Map.of();
        }
    }

    private boolean ship(Map<String, Long> taken, IgniteCache<String, Long> positions,
                         IgniteCache<JournalKey, byte[]> journal) {
        Map<String, Long> shipped = positions.getAll(new LinkedHashSet<>(taken.keySet()));
        Map<String, String> heads = Stores.directory(ignite).getAll(new LinkedHashSet<>(taken.keySet()));
        // read exactly the records between each actor's position and its journal head, all actors in one getAll
        Map<String, Long> from = new HashMap<>();
        Set<JournalKey> keys = new LinkedHashSet<>();
        for (String actor : taken.keySet()) {
            String entry = heads.get(actor);
            long head = entry == null ? 0 : DirectoryEntry.parse(entry).lastSeq();
            long first = shipped.getOrDefault(actor, 0L) + 1;
            if (head < first) {
                continue; // nothing new (or the head moved back after a failed append): the sweep looks again
            }
            if (keys.size() >= MAX_BATCH) {
                due.merge(actor, taken.get(actor), Math::min); // next batch
                continue;
            }
            long last = Math.min(head, first + MAX_PER_ACTOR - 1);
            if (last < head) {
                due.merge(actor, taken.get(actor), Math::min); // more after this chunk
            }
            from.put(actor, first);
            for (long s = first; s <= last; s++) {
                keys.add(new JournalKey(actor, s));
            }
        }
        Map<JournalKey, byte[]> found = keys.isEmpty() ? Map.of() : journal.getAll(keys);
        List<JournalReplica.Record> batch = new ArrayList<>();
        Map<String, Long> reached = new HashMap<>();
        for (JournalKey k : keys) {
            long next = reached.getOrDefault(k.actor(), from.get(k.actor()) - 1) + 1;
            if (k.seq() != next) {
                continue; // past the actor's first gap (a number reserved and not written yet)
            }
            byte[] bytes = found.get(k);
            if (bytes == null) {
                continue;
            }
            batch.add(new JournalReplica.Record(k.actor(), k.seq(), bytes));
            reached.put(k.actor(), k.seq());
        }
        List<JournalReplica.Snapshot> snapshots = snapshots(taken.keySet(), shipped, reached);
        if (batch.isEmpty() && snapshots.isEmpty()) {
            return true;
        }
        link.ship(batch, snapshots);
        positions.putAll(reached);
        if (snapshotsShipped.size() > MAX_ACTORS * 64) {
            snapshotsShipped.clear(); // bounded; a snapshot shipped again is skipped by the standby
        }
        snapshots.forEach(s -> snapshotsShipped.put(s.actor(), s.seq()));
        recheckNext.addAll(reached.keySet());
        metrics.shipped(batch.size());
        if (!snapshots.isEmpty()) {
            metrics.shipped(ReplicationMetrics.SNAPSHOT, snapshots.size());
        }
        long now = System.nanoTime();
        reached.keySet().forEach(actor -> metrics.shipLag((now - taken.get(actor)) / 1e9));
        return true;
    }

    /**
     * The latest snapshot of each actor that this shipment leaves covered (taken at or before the position the
     * standby will hold) and that was not shipped yet.
     */
    private List<JournalReplica.Snapshot> snapshots(Set<String> actors, Map<String, Long> shipped,
                                                    Map<String, Long> reached) {
        List<JournalReplica.Snapshot> out = new ArrayList<>();
        Map<String, byte[]> found = Stores.snapshots(ignite).getAll(new LinkedHashSet<>(actors));
        for (Map.Entry<String, byte[]> e : found.entrySet()) {
            long seq;
            try {
                seq = SnapshotRecord.parseFrom(e.getValue()).getSeq();
            } catch (InvalidProtocolBufferException ex) {
                continue; // recovery ignores it too
            }
            long position = reached.getOrDefault(e.getKey(), shipped.getOrDefault(e.getKey(), 0L));
            if (seq >= 1 && seq <= position && seq > snapshotsShipped.getOrDefault(e.getKey(), 0L)) {
                out.add(new JournalReplica.Snapshot(e.getKey(), seq, e.getValue()));
            }
        }
        return out;
    }

    /**
     * Stops shipping. A change seen and not shipped stays unshipped until the node's next start (or the new
     * primary's sweep) ships it from the journal.
     */
    @Override
    public void close() {
        closed = true;
        QueryCursor<?> q = query;
        if (q != null) {
            try {
                q.close();
            } catch (RuntimeException e) {
                // the node is going down
            }
        }
        thread.shutdownNow();
        metrics.lagSource(() -> 0);
        link.close();
    }
}
