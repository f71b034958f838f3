package io.botgrid.bots.plugins.internal;

import io.botgrid.bots.plugins.PluginCatalog;
import io.botgrid.bots.plugins.PluginCatalogException;
import io.botgrid.bots.plugins.PluginInfo;
import io.botgrid.proto.v1.StoredPlugin;
import io.botgrid.util.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.lang.IgniteBiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployed plugins of the cluster, through one node: changes go to the replicated cache
 * ({@link PluginStore}), then every node is told on the message topic {@value #TOPIC}; each node also reconciles its
 * {@link PluginDeployer} with the cache every {@code reconcileEvery}, so a lost message, a node that joins later or
 * one back from a split catches up on its own.
 *
 * <p>Why a topic and a periodic reconcile rather than a continuous query: a continuous query on a replicated cache is
 * registered through discovery and must be set up on every node that joins, inside the partition exchange; a node
 * joining a cluster whose nodes were refused before could hang there. The message listener here only wakes this
 * catalog's own daemon thread, which does all cache reads; nothing runs on Ignite's discovery or exchange threads,
 * and the thread starts only once the node is up and the cluster active ({@link #start}).
 */
public final class IgnitePluginCatalog implements PluginCatalog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IgnitePluginCatalog.class);
    /** The message topic on which a node announces a change of the plugins' cache. */
    public static final String TOPIC = "botgrid-plugins-changed";

    private final String nodeName;
    private final Supplier<Ignite> ignite;
    private final PluginDeployer deployer;
    private final Clock clock;
    private final Duration reconcileEvery;
    private final Duration idle;
    private final ScheduledExecutorService thread;
    private final IgniteBiPredicate<java.util.UUID, Object> listener = (from, message) -> {
        wake();
        return true; // keep listening
    };
    private volatile Ignite started;

    public IgnitePluginCatalog(String nodeName, Supplier<Ignite> ignite, PluginDeployer deployer, Clock clock,
                               Duration reconcileEvery, Duration idle) {
        this.nodeName = nodeName;
        this.ignite = ignite;
        this.deployer = deployer;
        this.clock = clock;
        this.reconcileEvery = reconcileEvery;
        this.idle = idle;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("botgrid-plugins-"
                + nodeName));
    }

    /** Starts listening and reconciling; call once the node is up and its cluster active. */
    public void start() {
        Ignite node = ignite.get();
        node.message().localListen(TOPIC, listener);
        started = node;
        thread.scheduleWithFixedDelay(this::reconcileQuietly, 0, reconcileEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void wake() {
        try {
            thread.execute(this::reconcileQuietly);
        } catch (RejectedExecutionException stopping) {
            // the node is stopping
        }
    }

    private void reconcileQuietly() {
        try {
            reconcile(node());
            deployer.sweepIdle(idle);
        } catch (RuntimeException e) {
            LOG.debug("Node {} could not reconcile its plugins with the cluster now: {}", nodeName, e.toString());
        }
    }

    /**
     * Brings the deployer in line with the cache. A version missing from this node's copy of the cache is confirmed
     * missing with a cluster read before it is unloaded (a copy still rebalancing must not unload what serves).
     * One reconcile at a time, reading and applying together, so a stale read never undoes a newer change.
     */
    private synchronized void reconcile(Ignite node) {
        Map<String, StoredPlugin> stored = new HashMap<>();
        for (StoredPlugin p : PluginStore.all(node)) {
            stored.put(PluginStore.key(p.getName(), p.getVersion()), p);
        }
        for (String key : deployer.knownKeys()) {
            if (!stored.containsKey(key)) {
                int at = key.indexOf('@');
                PluginStore.get(node, key.substring(0, at), key.substring(at + 1))
                        .ifPresent(p -> stored.put(key, p.toBuilder().clearJar().build()));
            }
        }
        deployer.apply(new ArrayList<>(stored.values()), key -> {
            int at = key.indexOf('@');
            return PluginStore.get(node, key.substring(0, at), key.substring(at + 1))
                    .map(p -> p.getJar().toByteArray());
        });
    }

    private Ignite node() {
        Ignite node = started;
        if (node == null) {
            throw new IllegalStateException("the plugins of node " + nodeName + " are not started yet");
        }
        return node;
    }

    @Override
    public PluginInfo upload(String name, String version, byte[] jar, String sha256OrEmpty, String uploadedBy) {
        PluginJarCheck.Checked checked = PluginJarCheck.check(name, version, jar, sha256OrEmpty);
        Ignite node = node();
        StoredPlugin plugin = StoredPlugin.newBuilder().setName(name).setVersion(version)
                .setSha256(checked.sha256()).setSizeBytes(jar.length).setUploadedAtMillis(clock.millis())
                .setUploadedBy(uploadedBy == null ? "" : uploadedBy).setHandlerClass(checked.handlerClass())
                .setJar(com.google.protobuf.ByteString.copyFrom(jar)).build();
        if (!stored(() -> PluginStore.putIfAbsent(node, plugin))) {
            throw new PluginCatalogException(PluginCatalogException.Reason.EXISTS, "plugin " + name + "@" + version
                    + " is stored already; versions are immutable: upload a new version");
        }
        LOG.info("Plugin {}@{} ({} bytes, sha256 {}) uploaded by {} through {}", name, version, jar.length,
                checked.sha256(), uploadedBy, nodeName);
        changed(node);
        return deployer.info(plugin.toBuilder().clearJar().build());
    }

    @Override
    public List<PluginInfo> list(String nameOrEmpty) {
        Ignite node = node();
        return stored(() -> PluginStore.all(node)).stream()
                .filter(p -> nameOrEmpty == null || nameOrEmpty.isEmpty() || p.getName().equals(nameOrEmpty))
                .sorted(Comparator.comparing(StoredPlugin::getName)
                        .thenComparing(Comparator.comparingLong(StoredPlugin::getUploadedAtMillis).reversed())
                        .thenComparing(StoredPlugin::getVersion))
                .map(deployer::info)
                .toList();
    }

    @Override
    public void remove(String name, String version) {
        PluginJarCheck.checkNames(name, version);
        Ignite node = node();
        if (!stored(() -> PluginStore.remove(node, name, version))) {
            throw new PluginCatalogException(PluginCatalogException.Reason.NOT_FOUND, "plugin " + name + "@"
                    + version + " is not stored");
        }
        LOG.info("Plugin {}@{} removed through {}", name, version, nodeName);
        changed(node);
    }

    /**
     * Runs a store operation; a cache failure (a transaction rolled back by a topology change, a minority side, lost
     * partitions) becomes an {@link IllegalStateException}, which callers answer as "unavailable, retry" rather than
     * as an internal error.
     */
    private static <T> T stored(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (CacheException | IgniteException e) {
            throw new IllegalStateException("the plugin store is unavailable, retry: " + e.getMessage(), e);
        }
    }

    /** Applies a change here before answering, then tells the other nodes. */
    private void changed(Ignite node) {
        reconcile(node);
        try {
            node.message().send(TOPIC, nodeName);
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not announce a plugin change (the others reconcile within {}): {}", nodeName,
                    reconcileEvery, e.toString());
        }
    }

    /** This node's deployer, for diagnostics and tests. */
    public PluginDeployer deployer() {
        return deployer;
    }

    /** Whether {@link #start} has run. */
    public boolean isStarted() {
        return started != null;
    }

    @Override
    public void close() {
        Ignite node = started;
        if (node != null) {
            try {
                node.message().stopLocalListen(TOPIC, listener);
            } catch (RuntimeException e) {
                // the node is stopping: its listeners end with it
            }
        }
        thread.shutdownNow();
        deployer.close();
    }
}
