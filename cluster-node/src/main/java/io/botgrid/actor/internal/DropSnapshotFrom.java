package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.SnapshotRecord;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Removes an actor's snapshot if it covers sequence number {@code from} or later: it was taken from records that a
 * re-synchronisation moved aside, so recovery must not start from it. A snapshot before {@code from} is still true.
 * Returns whether it removed the snapshot.
 */
public final class DropSnapshotFrom implements CacheEntryProcessor<String, byte[], Boolean> {
    private static final long serialVersionUID = 1L;

    private final long from;

    public DropSnapshotFrom(long from) {
        this.from = from;
    }

    @Override
    public Boolean process(MutableEntry<String, byte[]> entry, Object... arguments) {
        if (!entry.exists()) {
            return Boolean.FALSE;
        }
        long seq;
        try {
            seq = SnapshotRecord.parseFrom(entry.getValue()).getSeq();
        } catch (InvalidProtocolBufferException e) {
            seq = Long.MAX_VALUE; // unreadable: not a base to recover from either
        }
        if (seq >= from) {
            entry.remove();
            return Boolean.TRUE;
        }
        return Boolean.FALSE;
    }
}
