package io.botgrid.actor.internal;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Brings a standby's directory entry in line with a journal that replication just changed: the head becomes
 * {@code head} ({@code exact}: records beyond it were moved aside; else only if it moves the head forward), and an
 * entry held by an activation is released with the epoch raised by one. Why release: that activation's state was
 * read from the journal before the change, so its next append must be refused as stale ({@link ReserveAppend}); the
 * call then goes to a new activation that recovers from the new journal. An actor without an entry needs none:
 * recovery adopts the journal's head when it claims it. Returns null.
 */
public final class ReplicatedHead implements CacheEntryProcessor<String, String, Void> {
    private static final long serialVersionUID = 1L;

    private final long head;
    private final boolean exact;

    public ReplicatedHead(long head, boolean exact) {
        this.head = head;
        this.exact = exact;
    }

    @Override
    public Void process(MutableEntry<String, String> entry, Object... arguments) {
        if (!entry.exists()) {
            return null;
        }
        DirectoryEntry current = DirectoryEntry.parse(entry.getValue());
        long seq = exact ? head : Math.max(head, current.lastSeq());
        if (current.isHeld()) {
            entry.setValue(new DirectoryEntry(null, 0, current.epoch() + 1, seq).format());
        } else if (seq != current.lastSeq()) {
            entry.setValue(current.withLastSeq(seq).format());
        }
        return null;
    }
}
