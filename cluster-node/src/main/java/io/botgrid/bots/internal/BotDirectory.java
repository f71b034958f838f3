package io.botgrid.bots.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.BotState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

/**
 * The bot index: the latest known record of every bot, replicated to every node, so that an incoming message finds
 * its bot's handler, channel secrets and state without a call to the Bot actor. The Bot actor's journal is the
 * truth; the front writes each record the actor replies with, and a write never replaces a newer version.
 */
final class BotDirectory {
    private static final int MAX_PARSED = 10_000;

    private final Supplier<Ignite> ignite;
    /** The index's cache proxy and the Ignite instance it belongs to (a lookup by name costs on every message). */
    private volatile Proxy proxy;
    /**
     * The last record read of each bot, with the bytes it was parsed from: every incoming message looks its bot up
     * several times (secrets, the session, the outbox), and the record only changes with a new version, so a read
     * whose bytes are the same reuses the parsed record. The index itself is still read each time, so a change is
     * seen as soon as it is indexed. Bounded; a miss only costs a parse.
     */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Proxy(Ignite ignite, IgniteCache<String, byte[]> cache) {
    }

    private record Parsed(byte[] bytes, BotRecord bot) {
    }

    BotDirectory(Supplier<Ignite> ignite) {
        this.ignite = ignite;
    }

    private IgniteCache<String, byte[]> cache() {
        Ignite current = ignite.get();
        Proxy p = proxy;
        if (p == null || p.ignite() != current) {
            p = new Proxy(current, BotStores.bots(current));
            proxy = p;
        }
        return p.cache();
    }

    /** The bot as last indexed; a local read. Empty for an unknown bot. */
    Optional<BotRecord> find(String botId) {
        byte[] bytes = cache().get(botId);
        if (bytes == null) {
            return Optional.empty();
        }
        Parsed known = parsed.get(botId);
        if (known != null && Arrays.equals(known.bytes(), bytes)) {
            return Optional.of(known.bot());
        }
        BotRecord bot = parse(bytes);
        if (parsed.size() >= MAX_PARSED) {
            parsed.clear();
        }
        parsed.put(botId, new Parsed(bytes, bot));
        return Optional.of(bot);
    }

    /** Indexes {@code bot} unless the index already has a newer version of it. */
    CompletableFuture<Void> store(BotRecord bot) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        cache().invokeAsync(bot.getBotId(), new KeepNewest(), (Object) bot.toByteArray()).listen(f -> {
            try {
                f.get();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * One page of bots in id order after {@code afterId} ("" for the first page), only those in {@code state}, or
     * all but deleted ones for {@code BOT_STATE_UNSPECIFIED}. Reads this node's replica.
     */
    List<BotRecord> page(String afterId, BotState state, int size) {
        List<BotRecord> found = new ArrayList<>();
        ScanQuery<String, byte[]> query = new ScanQuery<String, byte[]>(new AfterId(afterId)).setLocal(true);
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = cache().query(query)) {
            for (Cache.Entry<String, byte[]> e : cursor) {
                BotRecord bot = parse(e.getValue());
                boolean wanted = state == BotState.BOT_STATE_UNSPECIFIED
                        ? bot.getState() != BotState.BOT_STATE_DELETED : bot.getState() == state;
                if (wanted) {
                    found.add(bot);
                }
            }
        }
        found.sort(Comparator.comparing(BotRecord::getBotId));
        return found.size() > size ? new ArrayList<>(found.subList(0, size + 1)) : found;
    }

    static BotRecord parse(byte[] bytes) {
        try {
            return BotRecord.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("bot index entry does not parse: " + e.getMessage(), e);
        }
    }

    /** Keeps whichever record has the higher version. Runs on the primary; must be on every node's classpath. */
    private static final class KeepNewest implements CacheEntryProcessor<String, byte[], Void>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Void process(MutableEntry<String, byte[]> entry, Object... args) {
            byte[] offered = (byte[]) args[0];
            if (!entry.exists() || parse(offered).getVersion() >= parse(entry.getValue()).getVersion()) {
                entry.setValue(offered);
            }
            return null;
        }
    }

    /** Keys after a bot id, so that later pages scan less. */
    private static final class AfterId implements org.apache.ignite.lang.IgniteBiPredicate<String, byte[]> {
        private static final long serialVersionUID = 1L;
        private final String afterId;

        AfterId(String afterId) {
            this.afterId = afterId;
        }

        @Override
        public boolean apply(String key, byte[] value) {
            return key.compareTo(afterId) > 0;
        }
    }
}
