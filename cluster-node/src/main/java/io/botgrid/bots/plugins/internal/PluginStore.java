package io.botgrid.bots.plugins.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.StoredPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The deployed plugins' cache {@value #CACHE}: replicated (every node holds every jar, so one that joins later finds
 * them all locally), transactional, persistent in the default region, written to every copy before a write returns.
 * Keyed {@code <name>@<version>}; values are the Protobuf bytes of {@code botgrid.v1.StoredPlugin}, jar included.
 */
public final class PluginStore {
    public static final String CACHE = "botgrid-plugins";
    /** Few entries: a handful of partitions keeps rebalancing cheap. */
    private static final int PARTITIONS = 8;

    private PluginStore() {
    }

    /** The cache configuration for the node's, before it starts (the node adds its majority fence). */
    public static CacheConfiguration<String, byte[]> configuration() {
        return new CacheConfiguration<String, byte[]>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setAffinity(new RendezvousAffinityFunction(false, PARTITIONS));
    }

    static String key(String name, String version) {
        return name + "@" + version;
    }

    static IgniteCache<String, byte[]> cache(Ignite ignite) {
        IgniteCache<String, byte[]> cache = ignite.cache(CACHE);
        if (cache == null) {
            throw new IllegalStateException("the plugins' cache " + CACHE + " is not started on node "
                    + ignite.name());
        }
        return cache;
    }

    /** Stores {@code plugin} unless its version is there already; false when it was. */
    static boolean putIfAbsent(Ignite ignite, StoredPlugin plugin) {
        return cache(ignite).putIfAbsent(key(plugin.getName(), plugin.getVersion()), plugin.toByteArray());
    }

    static Optional<StoredPlugin> get(Ignite ignite, String name, String version) {
        return Optional.ofNullable(cache(ignite).get(key(name, version))).map(PluginStore::parse);
    }

    static boolean remove(Ignite ignite, String name, String version) {
        return cache(ignite).remove(key(name, version));
    }

    /**
     * Every stored version without its jar bytes, read from this node's own copy of the replicated cache (no remote
     * call, no query on Ignite's threads).
     */
    static List<StoredPlugin> all(Ignite ignite) {
        List<StoredPlugin> all = new ArrayList<>();
        for (Cache.Entry<String, byte[]> e : cache(ignite).localEntries()) {
            all.add(parse(e.getValue()).toBuilder().clearJar().build());
        }
        return all;
    }

    private static StoredPlugin parse(byte[] bytes) {
        try {
            return StoredPlugin.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored plugin does not parse: " + e.getMessage(), e);
        }
    }
}
