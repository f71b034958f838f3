package io.botgrid.bench;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The raw Ignite baseline: {@code putAsync} of a new key with a value of {@code --event-bytes} bytes (new keys, as the
 * journal appends) into a cache configured like the journal's (PARTITIONED, ATOMIC, 1 backup, FULL_SYNC, 256
 * partitions), issued from node 1 on the same cluster as W0/W1, so their ratios to it show Botgrid's own cost.
 */
final class IgniteBaseline implements ClusterWorkload {
    static final String NAME = "baseline";
    static final String CACHE = "bench-ignite-put";

    @Override
    public String name() {
        return NAME;
    }

    /** Creates the cache before the first workload, and waits until its partitions are in place. */
    @Override
    public void prepare(BenchCluster cluster) throws TimeoutException {
        cluster.ignite().getOrCreateCache(new CacheConfiguration<Long, byte[]>(CACHE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(1)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setAffinity(new RendezvousAffinityFunction(false, 256)));
        cluster.awaitStable(Duration.ofMinutes(1));
    }

    @Override
    public ClosedLoop.Result run(BenchContext context, BenchCluster cluster, ClosedLoop loop, String figureName) {
        IgniteCache<Long, byte[]> cache = cluster.ignite().cache(CACHE);
        byte[][] values = new byte[1024][];
        Random random = new Random(11);
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[context.options().eventBytes()];
            random.nextBytes(values[i]);
        }
        int mask = values.length - 1;
        long[] nextKey = new long[1]; // used on the driver thread only
        return MeasuredPhase.run(figureName, loop, (key, executor, done) -> cache.putAsync(nextKey[0]++,
                        values[key & mask]).listenAsync(f -> {
                            try {
                                f.get();
                                done.accept(null);
                            } catch (RuntimeException e) {
                                done.accept(e);
                            }
                        }, executor),
                context.options(), Probe.of(cluster));
    }
}
