package io.botgrid.actor.internal;

import io.botgrid.actor.ClusterUnavailableException;
import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.telemetry.RuntimeMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Appends from all actors of a node queue up; at most {@code maxInFlight} batches are in their first (fence) step
 * at once, and each takes whatever queued meanwhile (up to {@code maxBatchEvents}). So under light load an append is written at
 * once, and under heavy load many actors share one Ignite {@code invokeAll}: one backup round trip and one WAL
 * append for the lot. Each entry is written with {@link FencedAppend}, which writes only into an empty slot (a
 * sequence number is never written twice) and only while the actor's directory entry carries the writer's epoch (an
 * activation that a newer one replaced never writes at all), both checked with the write in one entry processor.
 * A completed batch is acknowledged only if its {@link AckGuard} finds it known to be on the majority side.
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
    private final Executor executor;
    private final RuntimeMetrics metrics;
    private final int maxInFlight;
    private final int maxBatchEvents;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Why appends are refused now (the region is a standby or fenced), or null. */
    private volatile String writeRefusal;

    Journal(IgniteCache<JournalKey, byte[]> cache, IgniteCache<String, String> directory, AckGuard ackGuard,
            Executor executor, RuntimeMetrics metrics, int maxInFlight, int maxBatchEvents) {
        this.cache = cache;
        this.directory = directory;
        this.ackGuard = ackGuard;
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
            return CompletableFuture.failedFuture(new ClusterUnavailableException(refusal));
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
     * Writes a batch with the fence fused into each entry's write ({@link FencedAppend}): one {@code invokeAll} for
     * every actor in it. The appends whose directory entry's primary was not on the journal entry's primary
     * ({@link FencedAppend#NOT_HERE}, only while the two cache groups rebalance) go on through the directory
     * ({@link #writeFencedByDirectory}). The in-flight slot is held until the fused write answers.
     */
    private void write(List<Pending> batch) {
        Map<JournalKey, EntryProcessor<JournalKey, byte[], String>> writes = new HashMap<>();
        for (Pending p : batch) {
            for (JournalRecord r : p.records()) {
                writes.put(new JournalKey(p.actor(), r.getSeq()), new FencedAppend(p.epoch(), r.toByteArray()));
            }
        }
        long start = System.nanoTime();
        long topology = ackGuard.open();
        IgniteFuture<Map<JournalKey, EntryProcessorResult<String>>> future;
        try {
            future = cache.invokeAllAsync(writes);
        } catch (RuntimeException e) {
            fail(batch, e);
            release();
            return;
        }
        future.listen(f -> executor.execute(() -> {
            List<Pending> elsewhere = new ArrayList<>(0);
            try {
                Map<JournalKey, EntryProcessorResult<String>> results;
                try {
                    results = f.get();
                } catch (RuntimeException e) {
                    fail(batch, e);
                    return;
                }
                int events = 0;
                String unsure = ackGuard.why(topology);
                if (unsure != null) {
                    AckGuard.logRefused(batch.size(), batch.get(0).actor(), unsure);
                }
                for (Pending p : batch) {
                    Outcome outcome = outcomeOf(p, results);
                    if (outcome.notHere()) {
                        elsewhere.add(p);
                    } else if (outcome.error() == null) {
                        events += p.records().size();
                        acknowledge(p, unsure);
                    } else {
                        p.done().completeExceptionally(outcome.error());
                    }
                }
                if (events > 0) {
                    metrics.journalWrite(events, System.nanoTime() - start);
                }
            } finally {
                release();
            }
            if (!elsewhere.isEmpty()) {
                writeFencedByDirectory(elsewhere, start, topology);
            }
        }));
    }

    /** What the fused write did with one append: written, refused (with the error to complete it with), or neither. */
    private record Outcome(boolean notHere, Throwable error) {
        static final Outcome WRITTEN = new Outcome(false, null);
        static final Outcome NOT_HERE = new Outcome(true, null);

        static Outcome failed(Throwable error) {
            return new Outcome(false, error);
        }
    }

    private static Outcome outcomeOf(Pending p, Map<JournalKey, EntryProcessorResult<String>> results) {
        boolean notHere = false;
        for (JournalRecord r : p.records()) {
            EntryProcessorResult<String> result = results.get(new JournalKey(p.actor(), r.getSeq()));
            String answer;
            try {
                answer = result == null ? null : result.get();
            } catch (RuntimeException e) {
                return Outcome.failed(StorageErrors.journalError(p.actor(), "append", e));
            }
            if (answer == null) {
                continue;
            }
            if (FencedAppend.NOT_HERE.equals(answer)) {
                notHere = true;
            } else if (FencedAppend.PRESENT.equals(answer)) {
                return Outcome.failed(new JournalConflictException("journal of " + p.actor() + " already has event #"
                        + r.getSeq() + ": another activation wrote it; this one is stale"));
            } else {
                return Outcome.failed(refusal(p, answer));
            }
        }
        // The records of one append share a partition, so they are all here or all not; a mix (a partition moving
        // between two entries of one invokeAll) is written by the two-step path, whose slot check then refuses the
        // entries already written: the activation starts over from the journal.
        return notHere ? Outcome.NOT_HERE : Outcome.WRITTEN;
    }

    private static JournalConflictException refusal(Pending p, String why) {
        return new JournalConflictException("journal of " + p.actor() + " refused the append of #"
                + (p.expectedSeq() + 1) + " by the activation of epoch " + p.epoch() + ": " + why
                + "; a newer activation owns it, this one is stale");
    }

    /** Completes a written append, unless the guard found it not known to be on the majority side. */
    private static void acknowledge(Pending p, String unsure) {
        if (unsure == null) {
            p.done().complete(null);
        } else {
            p.done().completeExceptionally(AckGuard.refusal(unsure, p.actor(), p.expectedSeq() + 1));
        }
    }

    private void fail(List<Pending> batch, Throwable error) {
        for (Pending p : batch) {
            p.done().completeExceptionally(StorageErrors.journalError(p.actor(), "append", error));
        }
    }

    private void release() {
        inFlight.decrementAndGet();
        tryFlush();
    }

    /**
     * The two-step path, for appends the fused write could not fence ({@link FencedAppend#NOT_HERE}): the epoch
     * fence on each actor's directory entry ({@link EpochCheck}, one {@code invokeAll}), then the events of those
     * that passed ({@link AppendIfAbsent}, one more). Outside the in-flight limit: it is rare and short-lived.
     */
    private void writeFencedByDirectory(List<Pending> batch, long start, long topology) {
        Map<String, EntryProcessor<String, String, String>> fences = new HashMap<>();
        for (Pending p : batch) {
            fences.put(p.actor(), new EpochCheck(p.epoch()));
        }
        IgniteFuture<Map<String, EntryProcessorResult<String>>> future;
        try {
            future = directory.invokeAllAsync(fences);
        } catch (RuntimeException e) {
            fail(batch, e);
            return;
        }
        future.listen(f -> executor.execute(() -> {
            Map<String, EntryProcessorResult<String>> results;
            try {
                results = f.get();
            } catch (RuntimeException e) {
                fail(batch, e);
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
            if (!passed.isEmpty()) {
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
            return why == null ? null : refusal(p, why);
        } catch (RuntimeException e) {
            return StorageErrors.journalError(p.actor(), "append", e);
        }
    }

    private void writeEvents(List<Pending> batch, long start, long topology) {
        Map<JournalKey, EntryProcessor<JournalKey, byte[], Boolean>> writes = new HashMap<>();
        for (Pending p : batch) {
            for (JournalRecord r : p.records()) {
                writes.put(new JournalKey(p.actor(), r.getSeq()), new AppendIfAbsent(r.toByteArray()));
            }
        }
        IgniteFuture<Map<JournalKey, EntryProcessorResult<Boolean>>> future;
        try {
            future = cache.invokeAllAsync(writes);
        } catch (RuntimeException e) {
            fail(batch, e);
            return;
        }
        future.listen(f -> executor.execute(() -> {
            Map<JournalKey, EntryProcessorResult<Boolean>> results;
            try {
                results = f.get();
            } catch (RuntimeException e) {
                fail(batch, e);
                return;
            }
            metrics.journalWrite(batch.stream().mapToInt(p -> p.records().size()).sum(), System.nanoTime() - start);
            String unsure = ackGuard.why(topology);
            if (unsure != null) {
                AckGuard.logRefused(batch.size(), batch.get(0).actor(), unsure);
            }
            for (Pending p : batch) {
                Throwable conflict = conflictOf(p, results);
                if (conflict == null) {
                    acknowledge(p, unsure);
                } else {
                    p.done().completeExceptionally(conflict);
                }
            }
        }));
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
     * journal: the end). Runs on the caller's thread; reads are local on the actor's owner.
     *
     * @return the sequence number of the last event read, or {@code afterSeq} if none
     */
    long replay(String actor, long afterSeq, Consumer<JournalRecord> sink) {
        long next = afterSeq + 1;
        int chunk = 1;
        while (true) {
            Set<JournalKey> keys = new LinkedHashSet<>();
            for (int i = 0; i < chunk; i++) {
                keys.add(new JournalKey(actor, next + i));
            }
            Map<JournalKey, byte[]> found;
            try {
                found = cache.getAll(keys);
            } catch (RuntimeException e) {
                throw StorageErrors.journalError(actor, "replay", e);
            }
            for (JournalKey k : keys) {
                byte[] bytes = found.get(k);
                if (bytes == null) {
                    return next - 1;
                }
                try {
                    sink.accept(JournalRecord.parseFrom(bytes));
                } catch (InvalidProtocolBufferException e) {
                    throw StorageErrors.journalError(actor, "replay of #" + next, e);
                }
                next++;
            }
            chunk = Math.min(512, chunk * 16);
        }
    }
}
