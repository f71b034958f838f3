package io.botgrid.actor.internal;

import java.util.Arrays;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Removes a journal record only if it still holds the bytes read before: a region re-synchronising moves its
 * diverged records aside while the region it stands by for may be shipping the same sequence numbers, and a record
 * just written by that shipment must stay. Returns whether it removed the record.
 */
public final class RemoveIfSame implements CacheEntryProcessor<JournalKey, byte[], Boolean> {
    private static final long serialVersionUID = 1L;

    private final byte[] expected;

    public RemoveIfSame(byte[] expected) {
        this.expected = expected;
    }

    @Override
    public Boolean process(MutableEntry<JournalKey, byte[]> entry, Object... arguments) {
        if (entry.exists() && Arrays.equals(entry.getValue(), expected)) {
            entry.remove();
            return Boolean.TRUE;
        }
        return Boolean.FALSE;
    }
}
