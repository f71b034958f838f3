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
 */
final class IdempotencyCache {
    private record Entry(ByteString reply, long timestampMillis) {
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final int maxKeys;
    private final long windowMillis;

    IdempotencyCache(int maxKeys, long windowMillis) {
        this.maxKeys = maxKeys;
        this.windowMillis = windowMillis;
    }

    /** The remembered reply for {@code key}, or {@code null}. */
    ByteString get(String key, long nowMillis) {
        Entry e = entries.get(key);
        if (e == null || nowMillis - e.timestampMillis() > windowMillis) {
            return null;
        }
        return e.reply();
    }

    void put(String key, ByteString reply, long timestampMillis, long nowMillis) {
        if (nowMillis - timestampMillis > windowMillis) {
            return;
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
        List<IdempotencyEntry> out = new ArrayList<>(entries.size());
        entries.forEach((k, e) -> out.add(IdempotencyEntry.newBuilder().setKey(k).setReply(e.reply())
                .setTimestampMillis(e.timestampMillis()).build()));
        return out;
    }
}
