package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.proto.v1.SnapshotRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journal retention: removes the events that an actor's snapshot covers and that are older than the configured age,
 * so journals of long-lived actors stop growing without bound. Each node sweeps the snapshots of its own primary
 * partitions. Events go from the oldest up, in order, so an actor's journal is always one run of consecutive
 * sequence numbers, from its first kept event to its head; recovery reads the snapshot and the events after it and
 * never needs what was removed. Events the standby region has not acknowledged yet are kept (the replication
 * position caps the removal), and an actor without a snapshot keeps every event.
 *
 * <p>Readers that ask for a removed event get {@link io.botgrid.actor.EventsRemovedException} with the first
 * event kept ({@link #firstSeq}).
 */
final class JournalRetention {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);
    private static final int CHUNK = 256;
    /** The sweep runs at least this often, and at most every sweep interval. */
    private static final Duration MAX_PERIOD = Duration.ofHours(1);

    private final Ignite ignite;
    private final Clock clock;
    private final RuntimeExecutors executors;
    private final BooleanSupplier running;

    JournalRetention(Ignite ignite, Clock clock, RuntimeExecutors executors, BooleanSupplier running) {
        this.ignite = ignite;
        this.clock = clock;
        this.executors = executors;
        this.running = running;
    }

    /** Sweeps every {@code retention} (between {@code sweepInterval} and an hour) on the blocking pool. */
    void start(Duration sweepInterval, Duration retention) {
        long period = Math.max(sweepInterval.toMillis(), Math.min(retention.toMillis(), MAX_PERIOD.toMillis()));
        executors.scheduler.scheduleWithFixedDelay(() -> executors.blocking.execute(() -> {
            if (!running.getAsBoolean()) {
                return;
            }
            try {
                long removed = sweep(clock.millis() - retention.toMillis());
                if (removed > 0) {
                    LOG.info("Journal retention removed {} events older than {} and covered by snapshots", removed,
                            retention);
                }
            } catch (RuntimeException e) {
                LOG.debug("Journal retention sweep skipped: {}", e.toString());
            }
        }), period, period, TimeUnit.MILLISECONDS);
    }

    /** Removes, for every snapshot on this node's primary partitions, the events it covers older than the cutoff. */
    long sweep(long cutoffMillis) {
        IgniteCache<String, byte[]> snapshots = Stores.snapshots(ignite);
        ClusterNode local = ignite.cluster().localNode();
        long removed = 0;
        for (int partition : ignite.affinity(Stores.SNAPSHOTS).primaryPartitions(local)) {
            List<Map.Entry<String, Long>> covered = new ArrayList<>();
            try (QueryCursor<Cache.Entry<String, byte[]>> cursor = snapshots.query(
                    new ScanQuery<String, byte[]>().setPartition(partition).setLocal(true))) {
                for (Cache.Entry<String, byte[]> e : cursor) {
                    try {
                        covered.add(Map.entry(e.getKey(), SnapshotRecord.parseFrom(e.getValue()).getSeq()));
                    } catch (InvalidProtocolBufferException ex) {
                        LOG.debug("Snapshot of {} does not parse: its journal is kept whole", e.getKey());
                    }
                }
            }
            for (Map.Entry<String, Long> c : covered) {
                removed += removeCovered(c.getKey(), c.getValue(), cutoffMillis);
            }
        }
        return removed;
    }

    private long removeCovered(String actor, long snapshotSeq, long cutoffMillis) {
        long upTo = snapshotSeq;
        Long shipped = Stores.replication(ignite).get(actor);
        if (shipped != null) {
            upTo = Math.min(upTo, shipped);
        }
        IgniteCache<JournalKey, byte[]> journal = Stores.journal(ignite);
        long seq = firstSeq(journal, actor, upTo);
        long removed = 0;
        while (seq > 0 && seq <= upTo) {
            Set<JournalKey> keys = new LinkedHashSet<>();
            for (long s = seq; s <= Math.min(upTo, seq + CHUNK - 1); s++) {
                keys.add(new JournalKey(actor, s));
            }
            Map<JournalKey, byte[]> found = journal.getAll(keys);
            Set<JournalKey> old = new LinkedHashSet<>();
            boolean stop = false;
            for (JournalKey k : keys) {
                byte[] bytes = found.get(k);
                if (bytes == null || timestamp(bytes) >= cutoffMillis) {
                    stop = true;
                    break;
                }
                old.add(k);
            }
            // Oldest first, one key after the other: a sweep cut short leaves a run of consecutive events.
            for (JournalKey k : old) {
                journal.remove(k);
                removed++;
            }
            if (stop) {
                break;
            }
            seq += keys.size();
        }
        return removed;
    }

    private static long timestamp(byte[] bytes) {
        try {
            return JournalRecord.parseFrom(bytes).getTimestampMillis();
        } catch (InvalidProtocolBufferException e) {
            return Long.MAX_VALUE; // not ours to judge: kept
        }
    }

    /**
     * The first sequence number the actor's journal holds at or below {@code atMost}, or 0 if it holds none there.
     * Events are removed oldest first, so the present ones below {@code atMost} are one run up to it: bisect.
     */
    static long firstSeq(IgniteCache<JournalKey, byte[]> journal, String actor, long atMost) {
        if (atMost < 1 || !journal.containsKey(new JournalKey(actor, atMost))) {
            return 0;
        }
        if (journal.containsKey(new JournalKey(actor, 1))) {
            return 1;
        }
        long absent = 1;
        long present = atMost;
        while (present - absent > 1) {
            long mid = absent + (present - absent) / 2;
            if (journal.containsKey(new JournalKey(actor, mid))) {
                present = mid;
            } else {
                absent = mid;
            }
        }
        return present;
    }
}
