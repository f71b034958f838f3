package io.botgrid.actor.internal;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Writes a journal entry only if its (actor, seq) slot is empty: the single-writer check. A second writer of the
 * same sequence number (a stale activation) gets {@code FALSE} back instead of overwriting an acknowledged event.
 */
public final class AppendIfAbsent implements CacheEntryProcessor<JournalKey, byte[], Boolean> {
    private static final long serialVersionUID = 1L;

    private final byte[] value;

    public AppendIfAbsent(byte[] value) {
        this.value = value;
    }

    @Override
    public Boolean process(MutableEntry<JournalKey, byte[]> entry, Object... arguments) {
        if (entry.exists()) {
            return Boolean.FALSE;
        }
        entry.setValue(value);
        return null;
    }
}
