package io.botgrid.node.internal;

import io.botgrid.actor.internal.MajorityFence;
import io.botgrid.actor.internal.MajorityValidator;
import io.botgrid.actor.internal.Stores;
import io.botgrid.audit.internal.AuditStore;
import io.botgrid.bots.plugins.internal.PluginStore;
import io.botgrid.node.StorageConfig;
import io.botgrid.registry.internal.RegistryStore;
import io.botgrid.workers.cluster.internal.WorkerStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterState;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.WALMode;
import org.apache.ignite.events.EventType;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.internal.processors.configuration.distributed.NotWritablePropertyException;
import org.apache.ignite.kubernetes.configuration.KubernetesConnectionConfiguration;
import org.apache.ignite.plugin.segmentation.SegmentationPolicy;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.TcpDiscoveryIpFinder;
import org.apache.ignite.spi.discovery.tcp.ipfinder.kubernetes.TcpDiscoveryKubernetesIpFinder;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;

/**
 * Builds the Ignite configuration of a node from its {@link StorageConfig}: loopback-friendly discovery, native
 * persistence with a bounded WAL, Botgrid's caches, the node's region and zone as attributes, Ignite's own log
 * through SLF4J, and none of the ports Botgrid does not use (thin client, REST).
 */
public final class IgniteSetup {
    /** Node attribute naming the region. */
    public static final String REGION_ATTRIBUTE = "region";
    /** Node attribute naming the zone; the zone-aware backup filter reads it. */
    public static final String ZONE_ATTRIBUTE = "zone";
    /**
     * The WAL archive's cap, 1 GiB (Ignite's default). Why not smaller: Ignite starts a checkpoint whenever the WAL
     * written since the last one reaches a quarter of this cap, so with the 256 MiB cap Botgrid had before, a node
     * under W1's load checkpointed every 4–9 s (64 MiB of WAL: its page deltas make about 1.4 KiB per event), and each
     * checkpoint's lock and page writes put W1's open-loop p99 in a 15 s window at 32–37 ms; with 1 GiB it was
     * 9.0–9.6 ms, and W1 took about 8 % less CPU per event ({@code docs/benchmarks.md}, "Group commit counts the
     * whole write; checkpoints and the WAL archive"; over 45 s a checkpoint still lands in the window). The archive
     * only fills with WAL actually written; the cost is up to 1 GiB more disk per node.
     */
    static final long WAL_ARCHIVE_BYTES = 1024L * 1024 * 1024;
    /** Key of the {@link LocalNode} in its Ignite node's local map, for jobs that act on the node. */
    public static final String NODE_LOCAL_KEY = "botgrid.node";
    /** Node attribute: the host of the node's gRPC front, as configured (may be a wildcard address). */
    public static final String GRPC_HOST_ATTRIBUTE = "botgrid.grpc.host";
    /** The {@link MajorityFence}'s reference file in a node's data folder. */
    public static final String MAJORITY_REFERENCE_FILE = "majority-reference";
    /** Node attribute: the port the node's gRPC front bound (an Integer); absent when the front is off. */
    public static final String GRPC_PORT_ATTRIBUTE = "botgrid.grpc.port";

    private IgniteSetup() {
    }

    /**
     * Where discovery looks for the other nodes: the configured seeds, or, on Kubernetes, the pods behind the
     * headless service as the API lists them. Not-ready pods are included: a pod turns ready only after it joined,
     * so the first ones would otherwise never find each other.
     */
    static TcpDiscoveryIpFinder ipFinder(StorageConfig c) {
        if (c.kubernetesService() == null) {
            return new TcpDiscoveryVmIpFinder().setAddresses(c.seeds());
        }
        return new TcpDiscoveryKubernetesIpFinder(new KubernetesConnectionConfiguration()
                .setServiceName(c.kubernetesService())
                .setNamespace(c.kubernetesNamespace())
                .setDiscoveryPort(c.discoveryPort())
                .setIncludeNotReadyAddresses(true));
    }

    /** The configuration of a node without a gRPC front. */
    public static IgniteConfiguration configuration(StorageConfig c) {
        return configuration(c, -1);
    }

    /**
     * The configuration of a node whose gRPC front listens on {@code grpcPort} (-1: none), which is published as a
     * node attribute so that any node can tell clients where the others are.
     */
    public static IgniteConfiguration configuration(StorageConfig c, int grpcPort) {
        return configuration(c, grpcPort, Map.of());
    }

    /** {@link #configuration(StorageConfig, int)} with {@code extra} node attributes (e.g. the hosted actor types). */
    public static IgniteConfiguration configuration(StorageConfig c, int grpcPort, Map<String, ?> extra) {
        FullRebalance.seed(); // read by Ignite when the node starts: partitions are always copied whole
        TcpDiscoverySpi discovery = new TcpDiscoverySpi()
                .setIpFinder(ipFinder(c))
                .setLocalAddress(c.host())
                .setLocalPort(c.discoveryPort())
                .setLocalPortRange(c.portRange());
        TcpCommunicationSpi communication = new TcpCommunicationSpi()
                .setLocalAddress(c.host())
                .setLocalPort(c.communicationPort())
                .setLocalPortRange(c.portRange())
                .setMessageQueueLimit(4_096);

        DataStorageConfiguration storage = new DataStorageConfiguration()
                .setDefaultDataRegionConfiguration(new DataRegionConfiguration()
                        .setName("botgrid")
                        .setPersistenceEnabled(true)
                        .setMaxSize(c.dataRegionSizeMb() * 1024L * 1024L)
                        .setInitialSize(Math.min(256, c.dataRegionSizeMb()) * 1024L * 1024L))
                .setDataRegionConfigurations(RegistryStore.volatileRegion())
                .setWalMode(switch (c.walMode()) {
                    case FSYNC -> WALMode.FSYNC;
                    case LOG_ONLY -> WALMode.LOG_ONLY;
                    case BACKGROUND -> WALMode.BACKGROUND;
                })
                .setWalSegmentSize(16 * 1024 * 1024)
                .setWalSegments(4)
                .setMaxWalArchiveSize(WAL_ARCHIVE_BYTES)
                .setStoragePath(c.dataDir().resolve("storage").toAbsolutePath().toString())
                .setWalPath(c.dataDir().resolve("wal").toAbsolutePath().toString())
                .setWalArchivePath(c.dataDir().resolve("wal-archive").toAbsolutePath().toString());

        IgniteConfiguration ignite = new IgniteConfiguration();
        KeyStores keyStores = KeyStores.fromEnvironment();
        if (c.clusterTls() != null) {
            ignite.setSslContextFactory(keyStores.sslContextFactory(c.clusterTls())); // discovery and communication
        }
        if (c.encryption() != null) {
            ignite.setEncryptionSpi(keyStores.encryptionSpi(c.encryption()));
        }
        return ignite
                .setIgniteInstanceName(c.nodeName())
                .setConsistentId(c.nodeName())
                .setWorkDirectory(c.dataDir().resolve("work").toAbsolutePath().toString())
                .setGridLogger(new QuietSlf4jLogger())
                .setFailureHandler(c.haltOnCriticalFailure() ? new RejoinFailureHandler()
                        : new StopNodeFailureHandler())
                .setSegmentationPolicy(SegmentationPolicy.USE_FAILURE_HANDLER)
                .setDiscoverySpi(discovery)
                .setCommunicationSpi(communication)
                .setFailureDetectionTimeout(c.failureDetectionTimeout().toMillis())
                .setDataStorageConfiguration(storage)
                .setCacheConfiguration(caches(new Stores.Layout(c.partitions(), c.backups()), c.zoneAwareBackups(),
                        c.encryption() != null))
                .setUserAttributes(attributes(c, grpcPort, extra))
                .setIncludeEventTypes(EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED,
                        EventType.EVT_CLUSTER_ACTIVATED)
                .setLocalEventListeners(Map.of(new Departures(Clock.systemUTC()), Departures.EVENTS,
                        new MajorityFence(c.dataDir().resolve(MAJORITY_REFERENCE_FILE)), MajorityFence.EVENTS))
                .setMetricsLogFrequency(0)
                // Future listeners run in the Ignite thread that completes the future; Botgrid's listeners only hand
                // work to the runtime's own executors. Ignite's default, the common pool, has one thread on 2 cores.
                .setAsyncContinuationExecutor(Runnable::run)
                .setClientConnectorConfiguration(null)
                .setConnectorConfiguration(null)
                .setPeerClassLoadingEnabled(false)
                .setPublicThreadPoolSize(c.publicThreads())
                .setSystemThreadPoolSize(4)
                .setStripedPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setDataStreamerThreadPoolSize(1)
                .setQueryThreadPoolSize(1)
                .setServiceThreadPoolSize(1)
                .setManagementThreadPoolSize(1)
                .setAsyncCallbackPoolSize(2)
                .setRebalanceThreadPoolSize(1);
    }

    /**
     * The configuration of a short-lived client node that looks at the cluster before this server node starts
     * ({@link StaleCopies}): the same discovery seeds, ports and TLS, no storage, no caches, no listeners (the
     * majority fence's file belongs to the server node), and a bounded join so that a cluster that is not running
     * costs {@code joinTimeout}, not a hang.
     */
    static IgniteConfiguration probeConfiguration(StorageConfig c, java.time.Duration joinTimeout) {
        IgniteConfiguration server = configuration(c);
        TcpDiscoverySpi discovery = new TcpDiscoverySpi()
                .setIpFinder(ipFinder(c))
                .setLocalAddress(c.host())
                .setJoinTimeout(joinTimeout.toMillis());
        return server
                .setIgniteInstanceName(c.nodeName() + "-probe")
                .setConsistentId(null)
                .setClientMode(true)
                .setDiscoverySpi(discovery)
                .setDataStorageConfiguration(null)
                .setCacheConfiguration()
                .setLocalEventListeners(null)
                .setIncludeEventTypes()
                .setUserAttributes(Map.of("botgrid.probe", c.nodeName()))
                .setFailureHandler(new StopNodeFailureHandler());
    }

    private static Map<String, Object> attributes(StorageConfig c, int grpcPort, Map<String, ?> extra) {
        Map<String, Object> attributes = new HashMap<>(extra);
        attributes.put(REGION_ATTRIBUTE, c.region());
        attributes.put(ZONE_ATTRIBUTE, c.zone());
        attributes.put("botgrid.node", c.nodeName());
        if (grpcPort >= 0) {
            attributes.put(GRPC_HOST_ATTRIBUTE, c.host());
            attributes.put(GRPC_PORT_ATTRIBUTE, grpcPort);
        }
        return attributes;
    }

    /**
     * Activates a brand-new cluster (no baseline yet) and lets the baseline follow joins and leaves after
     * {@code baselineAutoAdjust}. A restarted cluster activates by itself once all its baseline nodes are back. Once
     * active, historical rebalance is switched off cluster-wide ({@link FullRebalance}).
     *
     * <p>The automatic adjustment is switched on before the activation: it reacts to topology changes after it is on,
     * so nodes that joined between an activation (whose baseline is the nodes present at that moment) and a later
     * switch would stay out of the baseline for good.
     */
    public static void activateIfNew(Ignite ignite, StorageConfig c) {
        if (ignite.cluster().state() == ClusterState.INACTIVE && ignite.cluster().currentBaselineTopology() == null) {
            enableAutoAdjustWhenWritable(ignite, c);
            try {
                ignite.cluster().state(ClusterState.ACTIVE);
            } catch (IgniteException e) {
                // Two nodes of a brand-new cluster can both find it inactive and activate it at once; Ignite refuses
                // the second ("another state change operation is currently in progress"): wait for the first.
                awaitActive(ignite, e);
            }
        }
        if (ignite.cluster().state().active()) {
            enableAutoAdjust(ignite, c);
            FullRebalance.enforce(ignite);
        }
    }

    /** Waits up to two minutes for another node's activation to finish; rethrows {@code refusal} if it does not. */
    private static void awaitActive(Ignite ignite, IgniteException refusal) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!ignite.cluster().state().active()) {
            if (System.nanoTime() > deadline) {
                throw refusal;
            }
            try {
                Thread.sleep(50); // polling Ignite's state: the activation event may have passed already
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw refusal;
            }
        }
    }

    /**
     * The node's record of when other nodes went offline: the listener that {@link #configuration} registered, found
     * in the running node's configuration (it has to exist before Ignite starts, so it cannot be put in the node's
     * local map).
     */
    public static Departures departures(Ignite ignite) {
        return ignite.configuration().getLocalEventListeners().keySet().stream()
                .filter(Departures.class::isInstance).map(Departures.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("node " + ignite.name() + " records no departures"));
    }

    /**
     * {@link #enableAutoAdjust}, waiting up to 30 s for Ignite's distributed properties to become writable: on a
     * node that has just started they may not be yet ({@code NotWritablePropertyException}, "not ready for cluster
     * wide update", seen once in CI in a test's brand-new cluster), and Ignite announces no event when they are.
     */
    private static void enableAutoAdjustWhenWritable(Ignite ignite, StorageConfig c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                enableAutoAdjust(ignite, c);
                return;
            } catch (IgniteException e) {
                if (!notWritableYet(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50); // polling: see above
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IgniteException("interrupted while waiting to enable the baseline's auto-adjustment");
            }
        }
    }

    private static boolean notWritableYet(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NotWritablePropertyException) {
                return true;
            }
        }
        return false;
    }

    /** Lets the baseline follow topology changes after {@code baselineAutoAdjust}. */
    public static void enableAutoAdjust(Ignite ignite, StorageConfig c) {
        if (!ignite.cluster().isBaselineAutoAdjustEnabled()
                || ignite.cluster().baselineAutoAdjustTimeout() != c.baselineAutoAdjust().toMillis()) {
            ignite.cluster().baselineAutoAdjustEnabled(true);
            ignite.cluster().baselineAutoAdjustTimeout(c.baselineAutoAdjust().toMillis());
        }
    }

    /**
     * The actor runtime's stores, the bot platform's indexes, the registry of names, the workers' specs and
     * assignments, the audit log and the deployed plugins, each fenced by a {@link MajorityValidator}: a side without
     * a majority writes none of them; with
     * {@code zoneAwareBackups}, each partitioned one keeps its copies in distinct zones ({@link ZoneBackups}). With
     * {@code encrypted}, every cache of the persistent region is encrypted at rest (the in-memory region's caches are
     * never written to disk).
     */
    private static CacheConfiguration<?, ?>[] caches(Stores.Layout layout, boolean zoneAwareBackups,
                                                     boolean encrypted) {
        List<CacheConfiguration<?, ?>> all = new ArrayList<>(List.of(Stores.configurations(layout)));
        all.addAll(List.of(io.botgrid.bots.internal.BotStores.configurations(layout.partitions(), layout.backups())));
        all.add(RegistryStore.configuration());
        all.addAll(List.of(WorkerStores.configurations(RegistryStore.VOLATILE_REGION)));
        all.add(AuditStore.configuration(layout.backups()));
        all.add(PluginStore.configuration());
        for (CacheConfiguration<?, ?> cache : all) {
            cache.setTopologyValidator(new MajorityValidator()); // majority fencing of every data cache
            if (zoneAwareBackups) {
                ZoneBackups.apply(cache, ZONE_ATTRIBUTE);
            }
            if (encrypted && cache.getDataRegionName() == null) {
                cache.setEncryptionEnabled(true);
            }
        }
        return all.toArray(CacheConfiguration<?, ?>[]::new);
    }
}
