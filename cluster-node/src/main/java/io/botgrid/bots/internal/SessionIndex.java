package io.botgrid.bots.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.SessionSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;

/**
 * Which sessions a bot has, for listing: sessions are virtual actors and cannot be enumerated otherwise. Written
 * when a session takes its first message on this node, then at most every {@link #REFRESH} per session (last activity
 * and state), so that a busy conversation does not cost an index write per message; a listing's last activity may
 * be that much behind the session's own.
 */
final class SessionIndex {
    static final long REFRESH = 10_000;
    private static final int MAX_REMEMBERED = 100_000;

    private final Supplier<Ignite> ignite;
    /** When this node last wrote each session's entry (epoch millis), bounded; a miss only costs a write. */
    private final java.util.Map<String, Long> written = new java.util.concurrent.ConcurrentHashMap<>();

    SessionIndex(Supplier<Ignite> ignite) {
        this.ignite = ignite;
    }

    private IgniteCache<String, byte[]> cache() {
        return BotStores.sessions(ignite.get());
    }

    /** Records the session's latest activity; fire and forget (the index is derived data). */
    void touch(SessionKey key, String userId, long atMillis, String state) {
        Long last = written.get(key.actorKey());
        if (last != null && atMillis - last < REFRESH) {
            return;
        }
        if (written.size() >= MAX_REMEMBERED) {
            written.clear();
        }
        written.put(key.actorKey(), atMillis);
        SessionSummary summary = SessionSummary.newBuilder().setSession(key.toRef()).setUserId(userId)
                .setLastActivity(Times.ofMillis(atMillis)).setState(state).build();
        cache().putAsync(key.actorKey(), summary.toByteArray());
    }

    /**
     * Writes the session's entry unless it has one: re-deriving the index from the Session actors (after a
     * promotion) never replaces what a session wrote itself since.
     */
    void restore(SessionKey key, String userId, long atMillis, String state) {
        SessionSummary summary = SessionSummary.newBuilder().setSession(key.toRef()).setUserId(userId)
                .setLastActivity(Times.ofMillis(atMillis)).setState(state).build();
        cache().putIfAbsent(key.actorKey(), summary.toByteArray());
    }

    /** Up to {@code size + 1} sessions of {@code botId} with keys after {@code afterKey}, in key order. */
    List<SessionSummary> page(String botId, String afterKey, int size) {
        List<SessionSummary> found = new ArrayList<>();
        ScanQuery<String, byte[]> query = new ScanQuery<>(new OfBot(botId + "|", afterKey));
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = cache().query(query)) {
            for (Cache.Entry<String, byte[]> e : cursor) {
                try {
                    found.add(SessionSummary.parseFrom(e.getValue()));
                } catch (InvalidProtocolBufferException ex) {
                    throw new IllegalStateException("session index entry " + e.getKey() + " does not parse", ex);
                }
            }
        }
        found.sort(Comparator.comparing(s -> SessionKey.of(s.getSession()).actorKey()));
        return found.size() > size ? new ArrayList<>(found.subList(0, size + 1)) : found;
    }

    /** Sessions of one bot after a key; evaluated on the nodes that hold the entries. */
    private static final class OfBot implements IgniteBiPredicate<String, byte[]> {
        private static final long serialVersionUID = 1L;
        private final String prefix;
        private final String afterKey;

        OfBot(String prefix, String afterKey) {
            this.prefix = prefix;
            this.afterKey = afterKey;
        }

        @Override
        public boolean apply(String key, byte[] value) {
            return key.startsWith(prefix) && key.compareTo(afterKey) > 0;
        }
    }
}
