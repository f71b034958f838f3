package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.SnapshotRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.ignite.IgniteCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Latest snapshot per actor. Written in the background: a lost snapshot only makes the next recovery longer. */
final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

    private final IgniteCache<String, byte[]> cache;

    SnapshotStore(IgniteCache<String, byte[]> cache) {
        this.cache = cache;
    }

    /**
     * The actor's latest snapshot, or null (none, or one that does not parse: recovery then replays the whole
     * journal). Read without a thread waiting ({@link OnExecutor}): completes on the caller's thread if the read is
     * done at once (local data), else on {@code executor}.
     */
    CompletableFuture<SnapshotRecord> loadAsync(String actor, Executor executor) {
        return OnExecutor.of(() -> cache.getAsync(actor), executor,
                e -> StorageErrors.journalError(actor, "snapshot read", e)).thenApply(bytes -> parse(actor, bytes));
    }

    private static SnapshotRecord parse(String actor, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return SnapshotRecord.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("Snapshot of {} does not parse; recovering from the whole journal", actor, e);
            return null;
        }
    }

    void save(String actor, SnapshotRecord snapshot) {
        try {
            cache.putAsync(actor, snapshot.toByteArray()).listen(f -> {
                try {
                    f.get();
                } catch (RuntimeException e) {
                    LOG.warn("Snapshot of {} at #{} was not saved: {}", actor, snapshot.getSeq(), e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Snapshot of {} at #{} was not saved: {}", actor, snapshot.getSeq(), e.getMessage());
        }
    }
}
