package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.SnapshotRecord;
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

    SnapshotRecord load(String actor) {
        byte[] bytes;
        try {
            bytes = cache.get(actor);
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(actor, "snapshot read", e);
        }
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
