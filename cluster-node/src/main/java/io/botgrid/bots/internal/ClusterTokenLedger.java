package io.botgrid.bots.internal;

import io.botgrid.bots.handlers.LlmTokenLedger;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The llm bots' daily token counts in the cluster ({@link BotStores#LLM_TOKENS}: one entry per bot and UTC day,
 * partitioned with backups, persisted with the node's data, fenced like the other caches), so that every node checks
 * a bot's {@code tokens_per_day} against the same figure, and a restart forgets nothing.
 *
 * <p>Why compare-and-set rather than an entry processor: the values are plain longs, a {@code replace(k, old, new)}
 * loop needs no class of ours on the other nodes, and two answers rarely end at the same instant for one bot.
 * Failures (a side without a majority refuses writes, a lost partition) are logged and skipped: the budget then fails
 * open for that answer, which the metrics still count.
 */
final class ClusterTokenLedger implements LlmTokenLedger {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTokenLedger.class);
    private static final int CAS_ATTEMPTS = 100;

    private final Supplier<Ignite> ignite;

    ClusterTokenLedger(Supplier<Ignite> ignite) {
        this.ignite = ignite;
    }

    static String key(String botId, long epochDay) {
        return botId + "/" + epochDay;
    }

    @Override
    public long tokens(String botId, long epochDay) {
        try {
            Long tokens = cache().get(key(botId, epochDay));
            return tokens == null ? 0 : tokens;
        } catch (RuntimeException e) {
            LOG.warn("Tokens of bot {} today cannot be read ({}); its budget is not checked for this message", botId,
                    e.toString());
            return 0;
        }
    }

    @Override
    public void add(String botId, long epochDay, long tokens) {
        if (tokens <= 0) {
            return;
        }
        String key = key(botId, epochDay);
        try {
            IgniteCache<String, Long> cache = cache();
            for (int i = 0; i < CAS_ATTEMPTS; i++) {
                Long old = cache.get(key);
                if (old == null ? cache.putIfAbsent(key, tokens) : cache.replace(key, old, old + tokens)) {
                    return;
                }
            }
            LOG.warn("{} tokens of bot {} not counted: the count kept changing", tokens, botId);
        } catch (RuntimeException e) {
            LOG.warn("{} tokens of bot {} not counted in its daily budget: {}", tokens, botId, e.toString());
        }
    }

    private IgniteCache<String, Long> cache() {
        return ignite.get().cache(BotStores.LLM_TOKENS);
    }
}
