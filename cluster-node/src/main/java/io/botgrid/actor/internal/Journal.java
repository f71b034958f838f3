package io.botgrid.actor.internal;

import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.telemetry.RuntimeMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.lang.IgniteFuture;

/**
 * The event journal with group commit.
 *
 * <p>Appends from all actors of a node queue up; at most {@code maxInFlight} batches are written at once (from their
 * fence step to their acknowledgement), and each takes whatever queued meanwhile (up to {@code maxBatchEvents}). So
 * under light load an append is written at once, and under heavy load many actors share one Ignite {@code invokeAll}:
 * one backup round trip and one WAL append for the lot.
 *
 * <p>Why a batch holds its slot until it is acknowledged, and not only through its fence step: a batch costs about
 * the same CPU whatever its size (two {@code invokeAll}s, each on the primary and the backup, and a share of a ping
 * round), so the larger the batches, the less CPU an event costs. Counting the whole write, with one batch at a time
 * (the default), W1's batches grew from about 5 to 17.5 events and its CPU per event fell by a sixth to a third
 * ({@code docs/benchmarks.md}, "Group commit counts the whole write; checkpoints and the WAL archive"). An append
 * waits at most one write longer than before, and under light load it still finds no batch in flight.
 *
 * <p>Each entry is written with {@link AppendIfAbsent}, so a sequence number is never written twice; before that,
 * each actor's append passes the epoch fence on its directory entry ({@link ReserveAppend}), so an activation that a
 * newer one replaced never writes at all. A completed batch is acknowledged only if its
 * {@link AckGuard} finds it known to be on the majority side, and, while partitions are lost, only the appends whose
 * partition has every copy in the cluster ({@link LostCopies}).
 */
final class Journal {
    private record Pending(String actor, long epoch, List<JournalRecord> records, CompletableFuture<Void> done) {
        long expectedSeq() {
            return records.get(0).getSeq() - 1;
        }
    }

    private final IgniteCache<JournalKey, byte[]> cache;
    private final IgniteCache<String, String> directory;
    private final AckGuard ackGuard;
    private final LostCopies lostCopies;
    private final Executor executor;
    private final RuntimeMetrics metrics;
    private final int maxInFlight;
    private final int maxBatchEvents;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Why appends are refused now (the region is a standby or fenced), or null. */
    private volatile String writeRefusal;

    Journal(IgniteCache<JournalKey, byte[]> cache, IgniteCache<String, String> directory, AckGuard ackGuard,
            LostCopies lostCopies, Executor executor, RuntimeMetrics metrics, int maxInFlight, int maxBatchEvents) {
        this.cache = cache;
        this.directory = directory;
        this.ackGuard = ackGuard;
        this.lostCopies = lostCopies;
        this.executor = executor;
        this.metrics = metrics;
        this.maxInFlight = maxInFlight;
        this.maxBatchEvents = maxBatchEvents;
    }

    /**
     * Appends the records of one turn (consecutive sequence numbers) for the activation of owner epoch
     * {@code epoch}; completes when they are on the primary and the backup, or with a
     * {@link JournalConflictException} if a newer activation owns the actor, or with a cluster-unavailable error if
     * the {@link AckGuard} cannot tell that they are on the majority side.
     */
    CompletableFuture<Void> append(String actor, long epoch, List<JournalRecord> records) {
        String refusal = writeRefusal;
        if (refusal != null) {
            return CompletableFuture.failedFuture(ClusterUnavailableException.regionWide(refusal));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(actor, epoch, records, done));
        tryFlush();
        return done;
    }

    /** Refuses every append from now on with {@code reason}; null takes appends again. */
    void refuseWrites(String reason) {
        writeRefusal = reason;
    }

    private void tryFlush() {
        while (!queue.isEmpty()) {
            int n = inFlight.get();
            if (n >= maxInFlight) {
                return;
            }
            if (!inFlight.compareAndSet(n, n + 1)) {
                continue;
            }
            List<Pending> batch = drain();
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            write(batch);
        }
    }

    private List<Pending> drain() {
        List<Pending> batch = new ArrayList<>();
        int events = 0;
        Pending p;
        while (events < maxBatchEvents && (p = queue.poll()) != null) {
            batch.add(p);
            events += p.records().size();
        }
        return batch;
    }

    /**
     * Writes a batch in two steps: first the epoch fence of every actor in it ({@link ReserveAppend} on its directory
     * entry, one {@code invokeAll}), then the events of those that passed ({@link AppendIfAbsent}, one more). An
     * actor has at most one append in flight, so its directory key appears once per batch.
     */
    private void write(List<Pending> batch) {
        Map<String, EntryProcessor<String, String, String>> fences = new HashMap<>(2 * batch.size());
        for (Pending p : batch) {
            fences.put(p.actor(), new ReserveAppend(p.epoch(), p.expectedSeq(), p.records().size()));
        }
        long start = System.nanoTime();
        long topology = ackGuard.open();
        IgniteFuture<Map<String, EntryProcessorResult<String>>> future;
        try {
            future = directory.invokeAllAsync(fences);
        } catch (RuntimeException e) {
            finish(batch, null, e, start, topology);
            return;
        }
        future.listen(f -> executor.execute(() -> {
            Map<String, EntryProcessorResult<String>> results;
            try {
                results = f.get();
            } catch (RuntimeException e) {
                finish(batch, null, e, start, topology);
                return;
            }
            List<Pending> passed = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                Throwable refused = refusalOf(p, results.get(p.actor()));
                if (refused == null) {
                    passed.add(p);
                } else {
                    p.done().completeExceptionally(refused);
                }
            }
            if (passed.isEmpty()) {
                release();
            } else {
                writeEvents(passed, start, topology);
            }
        }));
    }

    private static Throwable refusalOf(Pending p, EntryProcessorResult<String> result) {
        if (result == null) {
            return null;
        }
        try {
            String why = result.get();
            return why == null ? null : new JournalConflictException("journal of " + p.actor() + " refused the "
                    + "append of #" + (p.expectedSeq() + 1) + " by the activation of epoch " + p.epoch() + ": " + why
                    + "; a newer activation owns it, this one is stale");
        } catch (RuntimeException e) {
            return StorageErrors.journalError(p.actor(), "append", e);
        }
    }

    private void writeEvents(List<Pending> batch, long start, long topology) {
        Map<JournalKey, EntryProcessor<JournalKey, byte[], Boolean>> writes = new HashMap<>(2 * eventCount(batch));
        for (Pending p : batch) {
            for (JournalRecord r : p.records()) {
                writes.put(new JournalKey(p.actor(), r.getSeq()), new AppendIfAbsent(r.toByteArray()));
            }
        }
        IgniteFuture<Map<JournalKey, EntryProcessorResult<Boolean>>> future;
        try {
            future = cache.invokeAllAsync(writes);
        } catch (RuntimeException e) {
            finish(batch, null, e, start, topology);
            return;
        }
        future.listen(f -> {
            Map<JournalKey, EntryProcessorResult<Boolean>> results;
            try {
                results = f.get();
            } catch (RuntimeException e) {
                finish(batch, null, e, start, topology);
                return;
            }
            // No hop to the executor here: asking for the verdict only joins or opens a ping round (its sends run
            // on the ping's own threads). The round is still asked for after the write completed, which is what the
            // guard needs.
            finish(batch, results, null, start, topology);
        });
    }

    private void finish(List<Pending> batch, Map<JournalKey, EntryProcessorResult<Boolean>> results, Throwable error,
                        long start, long topology) {
        if (error != null || batch.isEmpty()) {
            complete(batch, results, error, start, null);
            return;
        }
        // The events are written: before they are acknowledged, the guard proves this node is on the majority side.
        // Completed where the verdict completes (the thread of the last pong, or the round's timer), without a hop:
        // completing the appends' futures is all that happens here, and their one caller, the activation, continues
        // on its turn executor anyway.
        ackGuard.verdict(topology).whenComplete((why, e) -> complete(batch, results, null,
                start, e != null ? "the majority check failed: " + e : why));
    }

    private void complete(List<Pending> batch, Map<JournalKey, EntryProcessorResult<Boolean>> results,
                          Throwable error, long start, String unsure) {
        try {
            if (unsure != null) {
                AckGuard.logRefused(batch.size(), batch.get(0).actor(), unsure);
            }
            if (error == null && !batch.isEmpty()) {
                metrics.journalWrite(eventCount(batch), System.nanoTime() - start);
            }
            String lost = error == null && unsure == null && !batch.isEmpty() ? lostCopies.lost() : null;
            int awayCount = 0;
            String firstAway = null;
            for (Pending p : batch) {
                if (error != null) {
                    p.done().completeExceptionally(StorageErrors.journalError(p.actor(), "append", error));
                    continue;
                }
                Throwable conflict = conflictOf(p, results);
                String away = conflict == null && unsure == null && lost != null
                        ? lostCopies.copyAway(p.actor(), lost) : null;
                if (conflict != null) {
                    p.done().completeExceptionally(conflict);
                } else if (unsure != null) {
                    p.done().completeExceptionally(AckGuard.refusal(unsure, p.actor(), p.expectedSeq() + 1));
                } else if (away != null) {
                    if (awayCount++ == 0) {
                        firstAway = away;
                    }
                    p.done().completeExceptionally(LostCopies.refusal(away));
                } else {
                    p.done().complete(null);
                }
            }
            if (awayCount > 0) {
                LostCopies.logRefused(awayCount, firstAway);
            }
        } finally {
            release();
        }
    }

    /**
     * The batch is done: its slot goes to the next one, which takes what queued meanwhile. The next batch starts on
     * the executor: this may run on the thread that completed the ack guard's verdict or on one of Ignite's, where a
     * cache update (the next fence runs the local primary's part inline) must not run. An append queued after the
     * check below finds the slot free and starts its batch itself.
     */
    private void release() {
        inFlight.decrementAndGet();
        if (!queue.isEmpty()) {
            executor.execute(this::tryFlush);
        }
    }

    private static int eventCount(List<Pending> batch) {
        int events = 0;
        for (Pending p : batch) {
            events += p.records().size();
        }
        return events;
    }

    private static Throwable conflictOf(Pending p, Map<JournalKey, EntryProcessorResult<Boolean>> results) {
        if (results == null || results.isEmpty()) {
            return null;
        }
        for (JournalRecord r : p.records()) {
            EntryProcessorResult<Boolean> result = results.get(new JournalKey(p.actor(), r.getSeq()));
            if (result == null) {
                continue;
            }
            try {
                if (Boolean.FALSE.equals(result.get())) {
                    return new JournalConflictException("journal of " + p.actor() + " already has event #"
                            + r.getSeq() + ": another activation wrote it; this one is stale");
                }
            } catch (RuntimeException e) {
                return StorageErrors.journalError(p.actor(), "append", e);
            }
        }
        return null;
    }

    /**
     * Reads the actor's events after {@code afterSeq} in order, up to the first gap (there is none in a healthy
     * journal: the end), without a thread waiting for storage ({@link JournalReplay}). {@code head}, the journal head
     * the actor's directory entry named, sizes the first read and changes nothing else. {@code sink} runs on the
     * caller's thread or on {@code executor}, one event at a time, in order; the reads are local on the actor's owner.
     *
     * @return the sequence number of the last event read, or {@code afterSeq} if none
     */
    CompletableFuture<Long> replayAsync(String actor, long afterSeq, long head, Consumer<JournalRecord> sink,
                                        Executor executor) {
        return JournalReplay.start(cache, actor, afterSeq, head, sink, executor);
    }
}
