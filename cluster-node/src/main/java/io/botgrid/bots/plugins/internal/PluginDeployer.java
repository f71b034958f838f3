package io.botgrid.bots.plugins.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.handlers.HandlerRegistry;
import io.botgrid.bots.handlers.PluginPort;
import io.botgrid.bots.handlers.UnknownHandlerException;
import io.botgrid.bots.plugins.PluginInfo;
import io.botgrid.proto.v1.StoredPlugin;
import io.botgrid.telemetry.Events;
import io.botgrid.workers.PluginFunctions;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's deployed plugins: a local copy of every stored version (in its own folder, checked against its SHA-256),
 * each loaded in a fresh child-first class loader, and the leases messages ({@link PluginPort}) and worker instances
 * ({@link PluginFunctions}) take on them.
 *
 * <p>What stays loaded: the latest version of each plugin (the last uploaded one that loads), and a pinned older
 * version while messages use it (loaded again on demand, unloaded after {@code idle} without use). A version that is
 * replaced, removed or idle is retired: it takes no new lease and its class loader is closed when its last lease ends.
 * A version that fails to load, or whose handler throws when created, is FAILED with its reason (log, event, list)
 * and never becomes the latest, so the previous version keeps serving.
 *
 * <p>{@link #apply} is the only writer of what is known (one caller at a time: the catalog's reconcile thread or an
 * upload); leases are taken under a short lock on every message.
 */
public final class PluginDeployer implements PluginPort, PluginFunctions {
    private static final Logger LOG = LoggerFactory.getLogger(PluginDeployer.class);
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private record Known(StoredPlugin meta, PluginInfo.State state, String failure) {
    }

    private final String nodeName;
    private final Path dir;
    private final Events events;
    private final Object applying = new Object();
    private final Object lock = new Object();
    /** By key {@code name@version}; guarded by {@link #lock}. */
    private final Map<String, Known> known = new HashMap<>();
    /** Loaded versions by key; guarded by {@link #lock}. */
    private final Map<String, LoadedVersion> resident = new HashMap<>();
    /** The latest loaded version of each plugin; guarded by {@link #lock}. */
    private final Map<String, String> latest = new HashMap<>();

    public PluginDeployer(String nodeName, Path dir, Events events) {
        this.nodeName = nodeName;
        this.dir = dir;
        this.events = events;
    }

    /**
     * Makes this node hold exactly the {@code stored} versions (metadata only): new ones are copied locally (bytes
     * from {@code jars}, by key, only when there is no good local copy) and loaded, gone ones retired and deleted.
     */
    public void apply(List<StoredPlugin> stored, Function<String, Optional<byte[]>> jars) {
        synchronized (applying) {
            Map<String, StoredPlugin> wanted = new HashMap<>();
            for (StoredPlugin p : stored) {
                wanted.put(PluginStore.key(p.getName(), p.getVersion()), p);
            }
            Set<String> have;
            synchronized (lock) {
                have = new HashSet<>(known.keySet());
            }
            List<Map.Entry<String, StoredPlugin>> fresh = wanted.entrySet().stream()
                    .filter(e -> !have.contains(e.getKey()))
                    .sorted(Comparator.comparingLong(e -> e.getValue().getUploadedAtMillis()))
                    .toList(); // oldest first: the latest is elected once per step, not flipped back and forth
            for (Map.Entry<String, StoredPlugin> e : fresh) {
                add(e.getKey(), e.getValue(), jars);
            }
            for (String key : have) {
                if (!wanted.containsKey(key)) {
                    drop(key);
                }
            }
            deleteStrayCopies(wanted.keySet());
        }
    }

    private void add(String key, StoredPlugin meta, Function<String, Optional<byte[]>> jars) {
        Known outcome;
        LoadedVersion loaded = null;
        try {
            Path jar = localCopy(key, meta, jars);
            loaded = load(key, meta, jar);
            outcome = new Known(meta, PluginInfo.State.LOADED, "");
            LOG.info("Plugin {} (handler {}, worker functions {}, sha256 {}) loaded on {}", key,
                    meta.getHandlerClass().isEmpty() ? "none" : meta.getHandlerClass(), loaded.functionNames(),
                    meta.getSha256(), nodeName);
            events.emit("plugin.loaded", Map.of("plugin", meta.getName(), "version", meta.getVersion(),
                    "node", nodeName));
        } catch (LoadFailure f) {
            outcome = new Known(meta, PluginInfo.State.FAILED, f.getMessage());
            LOG.warn("Plugin {} failed to load on {}; the previous version keeps serving: {}", key, nodeName,
                    f.getMessage());
            events.emit("plugin.failed", Map.of("plugin", meta.getName(), "version", meta.getVersion(),
                    "node", nodeName, "reason", f.getMessage()));
        }
        List<LoadedVersion> retire = new ArrayList<>();
        synchronized (lock) {
            known.put(key, outcome);
            if (loaded != null) {
                resident.put(key, loaded);
            }
            retire.addAll(electLatest(meta.getName()));
        }
        retire.forEach(LoadedVersion::retire);
    }

    private void drop(String key) {
        LoadedVersion gone;
        List<LoadedVersion> retire = new ArrayList<>();
        Known k;
        synchronized (lock) {
            k = known.remove(key);
            gone = resident.remove(key);
            if (k != null) {
                retire.addAll(electLatest(k.meta().getName()));
            }
        }
        if (gone != null) {
            gone.retire();
        }
        retire.forEach(LoadedVersion::retire);
        try {
            Files.deleteIfExists(jarPath(key));
        } catch (IOException e) {
            LOG.warn("Plugin {}: its local copy could not be deleted: {}", key, e.toString());
        }
        LOG.info("Plugin {} removed from {}", key, nodeName);
        events.emit("plugin.removed", Map.of("plugin", key.substring(0, key.indexOf('@')),
                "version", key.substring(key.indexOf('@') + 1), "node", nodeName));
    }

    /**
     * Chooses the latest loadable version of {@code name} (last uploaded) and answers the resident versions it
     * displaced, to retire outside the lock. Caller holds {@link #lock}.
     */
    private List<LoadedVersion> electLatest(String name) {
        Optional<Known> newest = known.values().stream()
                .filter(k -> k.meta().getName().equals(name) && k.state() == PluginInfo.State.LOADED)
                .max(Comparator.comparingLong((Known k) -> k.meta().getUploadedAtMillis())
                        .thenComparing(k -> k.meta().getVersion()));
        String before = latest.get(name);
        if (newest.isEmpty()) {
            latest.remove(name);
        } else {
            latest.put(name, newest.get().meta().getVersion());
        }
        String now = newest.map(k -> k.meta().getVersion()).orElse(null);
        List<LoadedVersion> displaced = new ArrayList<>();
        if (before != null && !before.equals(now)) {
            LoadedVersion old = resident.remove(PluginStore.key(name, before));
            if (old != null) {
                displaced.add(old);
            }
            LOG.info("Plugin {} on {}: the latest version is now {} (was {})", name, nodeName, now, before);
        }
        return displaced;
    }

    /** Retires pinned older versions nothing has used for {@code idle}; they load again when next pinned. */
    public void sweepIdle(Duration idle) {
        List<LoadedVersion> retire = new ArrayList<>();
        synchronized (lock) {
            resident.entrySet().removeIf(e -> {
                Known k = known.get(e.getKey());
                boolean isLatest = k != null && k.meta().getVersion().equals(latest.get(k.meta().getName()));
                if (!isLatest && e.getValue().idleFor(idle.toNanos())) {
                    retire.add(e.getValue());
                    return true;
                }
                return false;
            });
        }
        retire.forEach(LoadedVersion::retire);
    }

    @Override
    public PluginPort.Lease acquire(String name, String versionOrNull) {
        String handlerName = HandlerRegistry.PLUGIN_PREFIX + name + (versionOrNull == null ? "" : "@" + versionOrNull);
        Taken t = take(name, versionOrNull, why -> new UnknownHandlerException(handlerName,
                "handler '" + handlerName + "': " + why));
        if (!t.loaded().hasHandler()) {
            t.loaded().release();
            throw new UnknownHandlerException(handlerName, "handler '" + handlerName + "': plugin "
                    + PluginStore.key(name, t.version()) + " has no handler (only worker functions)");
        }
        return lease(t.loaded(), t.version());
    }

    @Override
    public PluginFunctions.Lease acquire(String plugin, String versionOrNull, String function) {
        Taken t = take(plugin, versionOrNull, IllegalArgumentException::new);
        Optional<WorkerFunctionFactory> factory = t.loaded().function(function);
        if (factory.isEmpty()) {
            Set<String> names = t.loaded().functionNames();
            t.loaded().release();
            throw new IllegalArgumentException("plugin " + PluginStore.key(plugin, t.version())
                    + " has no worker function '" + function + "' (it has: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        return functionLease(t.loaded(), t.version(), factory.get());
    }

    private record Taken(LoadedVersion loaded, String version) {
    }

    /**
     * A lease on the latest (or the pinned) loaded version of {@code name}, loading a pinned one again if need be.
     *
     * @param error makes the exception thrown when there is none, from the reason
     */
    private Taken take(String name, String versionOrNull, Function<String, RuntimeException> error) {
        while (true) {
            LoadedVersion v;
            String version;
            synchronized (lock) {
                version = versionOrNull != null ? versionOrNull : latest.get(name);
                if (version == null) {
                    throw error.apply(known.values().stream().anyMatch(k -> k.meta().getName().equals(name))
                            ? "no version of plugin '" + name + "' loads on node " + nodeName + " (see ListPlugins)"
                            : "no plugin '" + name + "' is deployed");
                }
                String key = PluginStore.key(name, version);
                Known k = known.get(key);
                if (k == null) {
                    throw error.apply("plugin " + key + " is not deployed");
                }
                if (k.state() != PluginInfo.State.LOADED) {
                    throw error.apply("plugin " + key + " failed to load: " + k.failure());
                }
                v = resident.get(key);
                if (v == null) {
                    try {
                        v = load(key, k.meta(), jarPath(key));
                    } catch (LoadFailure f) {
                        throw error.apply("plugin " + key + " no longer loads on node " + nodeName + ": "
                                + f.getMessage());
                    }
                    resident.put(key, v);
                }
            }
            if (v.tryAcquire()) {
                return new Taken(v, version);
            }
            // retired between the lookup and the lease: look again
        }
    }

    private static PluginPort.Lease lease(LoadedVersion v, String version) {
        return new PluginPort.Lease() {
            private boolean closed;

            @Override
            public String version() {
                return version;
            }

            @Override
            public ConfiguredHandler configure(String settings) {
                return v.configure(settings);
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    v.release();
                }
            }
        };
    }

    private static PluginFunctions.Lease functionLease(LoadedVersion v, String version, WorkerFunctionFactory f) {
        return new PluginFunctions.Lease() {
            private boolean closed;

            @Override
            public String version() {
                return version;
            }

            @Override
            public WorkerFunctionFactory factory() {
                return f;
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    v.release();
                }
            }
        };
    }

    /** The keys ({@code name@version}) of the versions this node knows. */
    public Set<String> knownKeys() {
        synchronized (lock) {
            return new HashSet<>(known.keySet());
        }
    }

    /** How {@code name@version} stands here. */
    public PluginInfo info(StoredPlugin meta) {
        String key = PluginStore.key(meta.getName(), meta.getVersion());
        Known k;
        boolean isLatest;
        synchronized (lock) {
            k = known.get(key);
            isLatest = meta.getVersion().equals(latest.get(meta.getName()));
        }
        return new PluginInfo(meta.getName(), meta.getVersion(), meta.getSha256(), meta.getSizeBytes(),
                Instant.ofEpochMilli(meta.getUploadedAtMillis()), meta.getUploadedBy(), meta.getHandlerClass(),
                k == null ? PluginInfo.State.PENDING : k.state(), k == null ? "" : k.failure(), isLatest);
    }

    /** The class loader of a loaded version, if it is loaded now (for diagnostics and tests). */
    public Optional<ClassLoader> loaderOf(String name, String version) {
        synchronized (lock) {
            return Optional.ofNullable(resident.get(PluginStore.key(name, version))).map(LoadedVersion::loader);
        }
    }

    /** Retires every loaded version (the node is stopping). */
    public void close() {
        List<LoadedVersion> all;
        synchronized (lock) {
            all = new ArrayList<>(resident.values());
            resident.clear();
            latest.clear();
            known.clear();
        }
        all.forEach(LoadedVersion::retire);
    }

    private Path jarPath(String key) {
        int at = key.indexOf('@');
        return dir.resolve(key.substring(0, at)).resolve(key.substring(at + 1) + ".jar");
    }

    /** The local copy of a version, written from the cluster's bytes unless a copy with the right SHA-256 is here. */
    private Path localCopy(String key, StoredPlugin meta, Function<String, Optional<byte[]>> jars) throws LoadFailure {
        Path jar = jarPath(key);
        try {
            if (Files.isRegularFile(jar) && PluginJarCheck.sha256(Files.readAllBytes(jar)).equals(meta.getSha256())) {
                return jar;
            }
            byte[] bytes = jars.apply(key).orElseThrow(() -> new LoadFailure("its jar is no longer stored"));
            if (!PluginJarCheck.sha256(bytes).equals(meta.getSha256())) {
                throw new LoadFailure("the stored jar does not match its SHA-256 " + meta.getSha256());
            }
            Files.createDirectories(jar.getParent());
            Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new LoadFailure("its local copy " + jar.getFileName() + " cannot be written: " + e);
        }
    }

    /** Loads a version in a fresh class loader, creates its handler (if it has one) and finds its worker functions. */
    private LoadedVersion load(String key, StoredPlugin meta, Path jar) throws LoadFailure {
        ChildFirstLoader loader;
        try {
            loader = new ChildFirstLoader("plugin-" + key, jar.toUri().toURL(), BotHandler.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new LoadFailure("bad local path " + jar + ": " + e.getMessage());
        }
        try {
            BotHandler handler = meta.getHandlerClass().isEmpty() ? null : handler(meta, loader);
            Map<String, WorkerFunctionFactory> functions = functions(loader);
            if (handler == null && functions.isEmpty()) {
                throw new LoadFailure("it has neither a handler nor a worker function");
            }
            return new LoadedVersion(key, loader, handler, functions);
        } catch (InvocationTargetException e) {
            closeQuietly(loader);
            throw new LoadFailure("its handler threw at init: " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError | ServiceConfigurationError | RuntimeException e) {
            closeQuietly(loader);
            throw new LoadFailure("it does not load: " + e);
        } catch (LoadFailure e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private static BotHandler handler(StoredPlugin meta, ChildFirstLoader loader)
            throws ReflectiveOperationException, LoadFailure {
        Class<?> type = Class.forName(meta.getHandlerClass(), false, loader);
        if (type.getClassLoader() != loader) {
            throw new LoadFailure("handler class " + meta.getHandlerClass() + " is not in the jar");
        }
        if (!BotHandler.class.isAssignableFrom(type)) {
            throw new LoadFailure("handler class " + meta.getHandlerClass() + " does not implement "
                    + BotHandler.class.getName());
        }
        return (BotHandler) type.getDeclaredConstructor().newInstance();
    }

    /**
     * The worker function factories the jar itself declares (the loader also sees the node's own service files:
     * those are left out), by name.
     */
    private static Map<String, WorkerFunctionFactory> functions(ChildFirstLoader loader) throws LoadFailure {
        Map<String, WorkerFunctionFactory> byName = new TreeMap<>();
        for (ServiceLoader.Provider<WorkerFunctionFactory> p : ServiceLoader.load(WorkerFunctionFactory.class, loader)
                .stream().filter(p -> p.type().getClassLoader() == loader).toList()) {
            WorkerFunctionFactory f = p.get();
            String name = f.name();
            if (name == null || !FUNCTION_NAME.matcher(name).matches()) {
                throw new LoadFailure("worker function " + p.type().getName() + " has a bad name '" + name
                        + "': lowercase letters, digits and '-', at most 64");
            }
            if (byName.putIfAbsent(name, f) != null) {
                throw new LoadFailure("worker function '" + name + "' is declared twice");
            }
        }
        return byName;
    }

    private static void closeQuietly(ChildFirstLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.debug("closing a failed plugin's class loader: {}", e.toString());
        }
    }

    private void deleteStrayCopies(Set<String> wanted) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = dir.relativize(f);
                String name = f.getFileName().toString();
                boolean keep = rel.getNameCount() == 2 && name.endsWith(".jar") && wanted.contains(
                        rel.getName(0) + "@" + name.substring(0, name.length() - ".jar".length()));
                if (!keep) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.warn("Node {} could not tidy its plugin copies in {}: {}", nodeName, dir, e.toString());
        }
    }

    /** Why a version does not load; its message is the reason shown. */
    private static final class LoadFailure extends Exception {
        private static final long serialVersionUID = 1L;

        LoadFailure(String message) {
            super(message);
        }
    }
}
