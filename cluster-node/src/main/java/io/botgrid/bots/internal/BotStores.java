package io.botgrid.bots.internal;

import java.util.concurrent.TimeUnit;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The bot platform's indexes in Ignite, beside the actors' own stores. They answer what actors cannot: which bots
 * and which sessions exist; and the llm bots' daily token counts, which all nodes share. The bot index is replicated (every node reads a bot's channels and handler locally on
 * every incoming message); the session index is partitioned like the actors. Both are derived data: the Bot and
 * Session actors' journals are the truth, and the index is rewritten from their replies.
 */
public final class BotStores {
    public static final String GROUP = "botgrid-bots";
    public static final String BOTS = "botgrid-bot-index";
    public static final String SESSIONS = "botgrid-session-index";
    /** The llm bots' tokens per UTC day ({@link ClusterTokenLedger}); entries expire after a few days. */
    public static final String LLM_TOKENS = "botgrid-llm-tokens";
    static final int LLM_TOKENS_DAYS = 3;

    private BotStores() {
    }

    /**
     * Cache configurations to add to the node's, before it starts; the session index has the actors' partition
     * count and backups.
     */
    public static CacheConfiguration<?, ?>[] configurations(int partitions, int backups) {
        CacheConfiguration<Object, Object> bots = new CacheConfiguration<>(BOTS)
                .setGroupName(GROUP)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setAffinity(new RendezvousAffinityFunction(false, 64));
        CacheConfiguration<Object, Object> sessions = new CacheConfiguration<>(SESSIONS)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(backups)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setAffinity(new RendezvousAffinityFunction(false, partitions));
        CacheConfiguration<Object, Object> llmTokens = new CacheConfiguration<>(LLM_TOKENS)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(backups)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.DAYS, LLM_TOKENS_DAYS)))
                .setAffinity(new RendezvousAffinityFunction(false, 64));
        return new CacheConfiguration<?, ?>[] {bots, sessions, llmTokens};
    }

    static IgniteCache<String, byte[]> bots(Ignite ignite) {
        return ignite.cache(BOTS);
    }

    static IgniteCache<String, byte[]> sessions(Ignite ignite) {
        return ignite.cache(SESSIONS);
    }
}
