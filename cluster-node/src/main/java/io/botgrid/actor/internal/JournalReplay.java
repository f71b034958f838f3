package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.JournalRecord;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.lang.IgniteFuture;

/**
 * One replay of an actor's journal ({@link Journal#replayAsync}): events after {@code afterSeq} in order, up to the
 * first missing one, read with {@code getAllAsync} so no thread waits for storage.
 *
 * <p>The chunks: the first covers what the journal head known to the caller says is there, plus the number after it
 * (which must be missing for the replay to end there), so an actor whose head is right is read in one request; a new
 * actor (head 0) reads one key, as before. The head is only a hint: whatever it says, the replay reads on until the
 * first missing number, in chunks of 16, 256, then 512, so the result is the same as a replay that knew nothing.
 * Reads already complete (local data) are consumed in a loop on the caller's thread, handing over to the executor after
 * each full read of {@value #MAX_CHUNK} events; a read still under way continues on the executor.
 */
final class JournalReplay {
    /** The most keys in one read. */
    static final int MAX_CHUNK = 512;

    private final IgniteCache<JournalKey, byte[]> cache;
    private final String actor;
    private final Consumer<JournalRecord> sink;
    private final Executor executor;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private long next;
    private int chunk;

    private JournalReplay(IgniteCache<JournalKey, byte[]> cache, String actor, long afterSeq, long head,
                          Consumer<JournalRecord> sink, Executor executor) {
        this.cache = cache;
        this.actor = actor;
        this.sink = sink;
        this.executor = executor;
        this.next = afterSeq + 1;
        this.chunk = firstChunk(afterSeq, head);
    }

    /** Keys in the first read: up to and including head + 1, at least one, at most {@link #MAX_CHUNK}. */
    static int firstChunk(long afterSeq, long head) {
        return (int) Math.max(1, Math.min(MAX_CHUNK, head - afterSeq + 1));
    }

    static CompletableFuture<Long> start(IgniteCache<JournalKey, byte[]> cache, String actor, long afterSeq, long head,
                                         Consumer<JournalRecord> sink, Executor executor) {
        JournalReplay replay = new JournalReplay(cache, actor, afterSeq, head, sink, executor);
        replay.readOn();
        return replay.done;
    }

    /** Reads chunk after chunk while the reads complete at once; hands over to the executor when one does not. */
    private void readOn() {
        while (true) {
            Set<JournalKey> keys = new LinkedHashSet<>();
            for (int i = 0; i < chunk; i++) {
                keys.add(new JournalKey(actor, next + i));
            }
            IgniteFuture<Map<JournalKey, byte[]>> read;
            try {
                read = cache.getAllAsync(keys);
            } catch (RuntimeException e) {
                done.completeExceptionally(StorageErrors.journalError(actor, "replay", e));
                return;
            }
            if (!read.isDone()) {
                // Always a hop here (never inline in listen), so the loop never recurses on the caller's stack.
                read.listen(f -> {
                    try {
                        executor.execute(() -> resume(keys, f));
                    } catch (RejectedExecutionException e) {
                        done.completeExceptionally(e);
                    }
                });
                return;
            }
            if (!take(keys, read)) {
                return;
            }
            if (keys.size() == MAX_CHUNK) {
                // A long journal: applying it is actor code on a turn thread, so let other actors' turns in between
                // reads (as a turn loop does every few turns) rather than hold the thread for the whole replay.
                try {
                    executor.execute(this::readOn);
                } catch (RejectedExecutionException e) {
                    done.completeExceptionally(e);
                }
                return;
            }
        }
    }

    private void resume(Set<JournalKey> keys, IgniteFuture<Map<JournalKey, byte[]>> read) {
        if (take(keys, read)) {
            readOn();
        }
    }

    /** Applies the chunk {@code read} (done) brought; returns whether the replay goes on. */
    private boolean take(Set<JournalKey> keys, IgniteFuture<Map<JournalKey, byte[]>> read) {
        Map<JournalKey, byte[]> found;
        try {
            found = read.get();
        } catch (RuntimeException e) {
            return consumed(keys, null, e);
        }
        return consumed(keys, found, null);
    }

    /** Applies one chunk; returns whether the replay goes on (the chunk was full), else it has completed. */
    private boolean consumed(Set<JournalKey> keys, Map<JournalKey, byte[]> found, Throwable error) {
        if (error != null) {
            done.completeExceptionally(StorageErrors.journalError(actor, "replay", error));
            return false;
        }
        try {
            for (JournalKey k : keys) {
                byte[] bytes = found.get(k);
                if (bytes == null) {
                    done.complete(next - 1);
                    return false;
                }
                try {
                    sink.accept(JournalRecord.parseFrom(bytes));
                } catch (InvalidProtocolBufferException e) {
                    throw StorageErrors.journalError(actor, "replay of #" + next, e);
                }
                next++;
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return false;
        }
        chunk = Math.min(MAX_CHUNK, chunk * 16);
        return true;
    }
}
