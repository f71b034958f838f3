package io.botgrid.audit.internal;

import io.botgrid.audit.AuditConfig;
import io.botgrid.audit.AuditEntry;
import io.botgrid.audit.AuditLog;
import io.botgrid.audit.AuditPage;
import io.botgrid.audit.AuditQuery;
import io.botgrid.util.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log in the {@code botgrid-audit} cache ({@link AuditStore}).
 *
 * <p>Writes go through one thread with a bounded queue ({@value #QUEUE} entries): the end of a gRPC call hands its
 * entry over and returns, a slow or unavailable cache never holds a caller, and entries of one node are stored in
 * the order they were recorded. An entry that finds the queue full, or cannot be written, is counted
 * ({@link #lost()}) and logged at most once a minute.
 *
 * <p>Reads scan the cache with an {@link EntryFilter} that runs where the entries are, and keep the newest
 * {@code pageSize + 1} of the matches: a page costs a pass over the entries (retention bounds them), its memory the
 * page. Retention: every {@link AuditConfig#sweepInterval()} the oldest server node of the cluster (one node, without
 * coordination; another takes over when it leaves) removes the entries older than the retention, by the injected
 * clock.
 */
public final class IgniteAuditLog implements AuditLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IgniteAuditLog.class);
    private static final int QUEUE = 10_000;
    private static final int REMOVE_BATCH = 500;
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String nodeName;
    private final Supplier<Ignite> ignite;
    private final AuditConfig config;
    private final Clock clock;
    private final AuditKeys keys;
    private final ThreadPoolExecutor writer;
    private final ScheduledExecutorService sweeper;
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    /**
     * @param ignite the node's Ignite, looked up per use (null until it has started)
     * @param clock the clock the retention is measured with, handed to the recorders by {@link #clock()} so that
     *     entries are dated with the same one
     */
    public IgniteAuditLog(String nodeName, Supplier<Ignite> ignite, AuditConfig config, Clock clock) {
        this.nodeName = nodeName;
        this.ignite = ignite;
        this.config = config;
        this.clock = clock;
        this.keys = new AuditKeys(nodeName);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                DaemonThreads.named("botgrid-audit-" + nodeName), (task, pool) -> lose("the write queue is full"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("botgrid-audit-sweep-"
                + nodeName));
        long every = config.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepIfOldest, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void record(AuditEntry entry) {
        try {
            writer.execute(() -> write(entry));
        } catch (RejectedExecutionException e) {
            lose("the audit log of node " + nodeName + " is closed");
        }
    }

    private void write(AuditEntry entry) {
        try {
            Ignite node = ignite.get();
            if (node == null) {
                throw new IllegalStateException("Ignite is not started");
            }
            String key = keys.next(entry.at());
            AuditStore.cache(node).put(key, entry.withId(key).toProto().toByteArray());
        } catch (RuntimeException e) {
            lose(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void lose(String why) {
        long count = lost.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= LOG_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Node {} could not store an audit entry ({} lost so far): {}", nodeName, count, why);
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** Entries that could not be stored since the node started (queue full, cache unavailable, closed). */
    public long lost() {
        return lost.get();
    }

    @Override
    public AuditPage list(AuditQuery query) {
        EntryFilter filter = EntryFilter.of(query); // refuses a bad token before touching the cluster
        try {
            return page(query, filter);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) { // Ignite's: the cluster changed under the scan, a partition is lost, ...
            throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private AuditPage page(AuditQuery query, EntryFilter filter) {
        IgniteCache<String, byte[]> cache = cache();
        Comparator<Cache.Entry<String, byte[]>> byKey = Comparator.comparing(Cache.Entry::getKey);
        PriorityQueue<Cache.Entry<String, byte[]>> newest = new PriorityQueue<>(byKey); // oldest kept on top
        int keep = query.pageSize() + 1;
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = cache.query(new ScanQuery<>(filter))) {
            for (Cache.Entry<String, byte[]> e : cursor) {
                newest.add(e);
                if (newest.size() > keep) {
                    newest.poll();
                }
            }
        }
        List<Cache.Entry<String, byte[]>> sorted = new ArrayList<>(newest);
        sorted.sort(byKey.reversed());
        boolean more = sorted.size() > query.pageSize();
        List<AuditEntry> entries = sorted.stream().limit(query.pageSize())
                .map(e -> AuditEntry.fromProto(EntryCodec.parse(e.getValue()))).toList();
        String next = more ? AuditKeys.token(sorted.get(query.pageSize() - 1).getKey()) : "";
        return new AuditPage(entries, next);
    }

    private IgniteCache<String, byte[]> cache() {
        Ignite node = ignite.get();
        if (node == null || !node.cluster().state().active()) {
            throw new IllegalStateException("the cluster of node " + nodeName + " is not active: the audit log "
                    + "cannot be read now");
        }
        return AuditStore.cache(node);
    }

    /** On the oldest server node only: removes what is older than the retention. */
    private void sweepIfOldest() {
        try {
            Ignite node = ignite.get();
            if (node == null || !node.cluster().state().active()) {
                return;
            }
            ClusterNode oldest = node.cluster().forServers().forOldest().node();
            if (oldest != null && oldest.isLocal()) {
                sweep(node);
            }
        } catch (RuntimeException e) {
            LOG.debug("Audit retention sweep of node {} skipped: {}", nodeName, e.getMessage());
        }
    }

    /** Removes every entry older than the retention; returns how many. */
    int sweep(Ignite node) {
        String cutoff = AuditKeys.prefix(clock.instant().minus(config.retention()));
        IgniteCache<String, byte[]> cache = AuditStore.cache(node);
        int removed = 0;
        Set<String> batch = new TreeSet<>(); // sorted: Ignite wants ordered keys in bulk operations
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor =
                     cache.query(new ScanQuery<>(EntryFilter.olderThan(cutoff)))) {
            for (Cache.Entry<String, byte[]> e : cursor) {
                batch.add(e.getKey());
                if (batch.size() == REMOVE_BATCH) {
                    cache.removeAll(batch);
                    removed += batch.size();
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            cache.removeAll(batch);
            removed += batch.size();
        }
        if (removed > 0) {
            LOG.info("Node {} removed {} audit entries older than {} (auditRetention)", nodeName, removed,
                    config.retention());
        }
        return removed;
    }

    /** Writes what is queued (for at most {@code timeout}), then stops the writer and the sweep. */
    public void close(Duration timeout) {
        sweeper.shutdownNow();
        writer.shutdown();
        try {
            if (!writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                int dropped = writer.shutdownNow().size();
                if (dropped > 0) {
                    lost.addAndGet(dropped);
                    LOG.warn("Node {} stopped with {} audit entries not stored", nodeName, dropped);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
