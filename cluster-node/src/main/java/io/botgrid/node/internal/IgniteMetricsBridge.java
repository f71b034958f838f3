package io.botgrid.node.internal;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Ignite's storage figures as Prometheus gauges, read at scrape time through Ignite's public API: per cache group the
 * partitions this node holds as primary and as backup, those of them that are lost, and those it is still receiving;
 * the server and baseline node counts; and the size of the WAL on disk.
 *
 * <p>Why at scrape time: they change only on topology changes, and a callback costs nothing between scrapes. Before
 * the node has started Ignite the gauges have no samples. Labels: the cache group (a handful, fixed by the node's
 * code) and the role (primary, backup, lost).
 */
public final class IgniteMetricsBridge {
    private IgniteMetricsBridge() {
    }

    /**
     * Registers the gauges in {@code registry}.
     *
     * @param ignite answers null until the node has started Ignite
     * @param walDirs the WAL and WAL archive folders, whose files' sizes add up to the WAL size
     */
    public static void register(PrometheusRegistry registry, Supplier<Ignite> ignite, List<Path> walDirs) {
        GaugeWithCallback.builder().name("botgrid_ignite_partitions")
                .help("Partitions of each cache group assigned to this node as primary or backup, and the group's "
                        + "lost partitions (every copy gone) as this node sees them")
                .labelNames("group", "state")
                .callback(cb -> groups(ignite.get()).forEach((group, cache) -> {
                    Ignite i = ignite.get();
                    ClusterNode local = i.cluster().localNode();
                    Affinity<Object> affinity = i.affinity(cache.getName());
                    cb.call(affinity.primaryPartitions(local).length, group, "primary");
                    cb.call(affinity.backupPartitions(local).length, group, "backup");
                    cb.call(cache.lostPartitions().size(), group, "lost");
                })).register(registry);
        GaugeWithCallback.builder().name("botgrid_ignite_rebalancing_partitions")
                .help("Partitions of each cache group this node is still receiving (0: rebalancing is over)")
                .labelNames("group")
                .callback(cb -> groups(ignite.get()).forEach((group, cache) ->
                        cb.call(cache.localMetrics().getRebalancingPartitionsCount(), group))).register(registry);
        GaugeWithCallback.builder().name("botgrid_cluster_server_nodes")
                .help("Server nodes in the cluster topology as this node sees it")
                .callback(cb -> {
                    Ignite i = ignite.get();
                    try {
                        if (i != null) {
                            cb.call(i.cluster().forServers().nodes().size());
                        }
                    } catch (RuntimeException e) {
                        // Ignite is stopping: no figure this scrape
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("botgrid_cluster_baseline_nodes")
                .help("Data-holding (baseline) nodes, online or not, as this node sees them; more than the server "
                        + "nodes means a data node is down")
                .callback(cb -> {
                    Ignite i = ignite.get();
                    try {
                        if (i != null) {
                            Collection<BaselineNode> baseline = i.cluster().currentBaselineTopology();
                            cb.call(baseline == null ? 0 : baseline.size());
                        }
                    } catch (RuntimeException e) {
                        // Ignite is stopping: no figure this scrape
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("botgrid_ignite_wal_size_bytes")
                .help("Size of this node's write-ahead log on disk, segments and archive")
                .callback(cb -> {
                    if (ignite.get() != null) {
                        cb.call(sizeOf(walDirs));
                    }
                }).register(registry);
    }

    /** One cache per cache group (a group's caches share partitions), by group name. */
    private static Map<String, IgniteCache<Object, Object>> groups(Ignite ignite) {
        Map<String, IgniteCache<Object, Object>> out = new TreeMap<>();
        if (ignite == null) {
            return out;
        }
        try {
            for (String name : ignite.cacheNames()) {
                IgniteCache<Object, Object> cache = ignite.cache(name);
                if (cache == null) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                CacheConfiguration<Object, Object> cfg = cache.getConfiguration(CacheConfiguration.class);
                String group = cfg.getGroupName() != null ? cfg.getGroupName() : name;
                out.putIfAbsent(group, cache);
            }
        } catch (RuntimeException e) {
            out.clear(); // Ignite is stopping or not active: no figures this scrape
        }
        return out;
    }

    private static long sizeOf(List<Path> dirs) {
        long total = 0;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                total += files.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException e) {
                        return 0; // a segment archived or removed meanwhile
                    }
                }).sum();
            } catch (IOException | UncheckedIOException e) {
                // the folder changed while we walked it: count what was seen
            }
        }
        return total;
    }
}
