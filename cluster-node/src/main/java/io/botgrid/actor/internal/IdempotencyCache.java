package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import io.botgrid.proto.v1.IdempotencyEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The idempotency keys one actor remembers, with the replies they produced: bounded by count and by age. Confined
 * to the actor's turns, so not thread-safe. Rebuilt on activation from the snapshot and the journal.
 *
 * <p>The map is made on the first key: most idle activations never see an idempotency key, and an empty
 * {@code LinkedHashMap} per activation was a tenth of an idle activation's heap (W4).
 */
final class IdempotencyCache {
    private record Entry(ByteString reply, long timestampMillis) {
    }

    private LinkedHashMap<String, Entry> entries;
    private final int maxKeys;
    private final long windowMillis;

    IdempotencyCache(int maxKeys, long windowMillis) {
        this.maxKeys = maxKeys;
        this.windowMillis = windowMillis;
    }

    /** The remembered reply for {@code key}, or {@code null}. */
    ByteString get(String key, long nowMillis) {
        Entry e = entries == null ? null : entries.get(key);
        if (e == null || nowMillis - e.timestampMillis() > windowMillis) {
            return null;
        }
        return e.reply();
    }

    void put(String key, ByteString reply, long timestampMillis, long nowMillis) {
        if (nowMillis - timestampMillis > windowMillis) {
            return;
        }
        if (entries == null) {
            entries = new LinkedHashMap<>();
        }
        entries.remove(key);
        entries.put(key, new Entry(reply, timestampMillis));
        trim(nowMillis);
    }

    private void trim(long nowMillis) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            if (entries.size() > maxKeys || nowMillis - e.getValue().timestampMillis() > windowMillis) {
                it.remove();
            } else {
                break;
            }
        }
    }

    List<IdempotencyEntry> toProto() {
        if (entries == null) {
            return List.of();
        }
        List<IdempotencyEntry> out = new ArrayList<>(entries.size());
        entries.forEach((k, e) -> out.add(IdempotencyEntry.newBuilder().setKey(k).setReply(e.reply())
                .setTimestampMillis(e.timestampMillis()).build()));
        return out;
    }
}
