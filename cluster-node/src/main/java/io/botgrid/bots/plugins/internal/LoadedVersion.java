package io.botgrid.bots.plugins.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin version loaded in its own class loader, with the count of messages running it. Once retired (replaced
 * by a newer version, removed, or idle) it takes no new lease, and its class loader is closed when the last lease
 * ends: from then on nothing of the node refers to it and the loader, its classes and their statics can be
 * collected.
 */
final class LoadedVersion {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedVersion.class);
    /** Distinct settings texts configured per version; past this the configured handlers are forgotten. */
    private static final int MAX_CONFIGURED = 256;

    final String key;
    private ChildFirstLoader loader;
    /** Null for a plugin of worker functions only, and once unloaded. */
    private BotHandler handler;
    private final boolean hasHandler;
    /** The worker function factories of the jar, by name; cleared once unloaded. */
    private Map<String, WorkerFunctionFactory> functions;
    private final Map<String, ConfiguredHandler> configured = new ConcurrentHashMap<>();
    private int leases;
    private boolean retired;
    private long lastUsedNanos = System.nanoTime();

    LoadedVersion(String key, ChildFirstLoader loader, BotHandler handler,
                  Map<String, WorkerFunctionFactory> functions) {
        this.key = key;
        this.loader = loader;
        this.handler = handler;
        this.hasHandler = handler != null;
        this.functions = Map.copyOf(functions);
    }

    /** Whether the jar declares a handler (a plugin may hold worker functions only). */
    boolean hasHandler() {
        return hasHandler;
    }

    /** The factory of worker function {@code name}, while loaded. */
    synchronized Optional<WorkerFunctionFactory> function(String name) {
        return functions == null ? Optional.empty() : Optional.ofNullable(functions.get(name));
    }

    /** The names of its worker functions (empty once unloaded). */
    synchronized Set<String> functionNames() {
        return functions == null ? Set.of() : new TreeSet<>(functions.keySet());
    }

    /** Takes a lease unless retired. */
    synchronized boolean tryAcquire() {
        if (retired) {
            return false;
        }
        leases++;
        lastUsedNanos = System.nanoTime();
        return true;
    }

    synchronized void release() {
        if (leases <= 0) {
            throw new IllegalStateException("plugin " + key + " released more leases than it gave");
        }
        leases--;
        lastUsedNanos = System.nanoTime();
        if (retired && leases == 0) {
            close();
        }
    }

    /** Takes no more leases; unloads now if none is held, else when the last one ends. */
    synchronized void retire() {
        if (retired) {
            return;
        }
        retired = true;
        if (leases == 0) {
            close();
        }
    }

    /** Whether nothing has used it for {@code nanos}. */
    synchronized boolean idleFor(long nanos) {
        return leases == 0 && System.nanoTime() - lastUsedNanos >= nanos;
    }

    ConfiguredHandler configure(String settings) {
        BotHandler h;
        synchronized (this) {
            h = handler;
        }
        if (h == null) {
            throw new IllegalStateException("plugin " + key + (hasHandler ? " is unloaded" : " has no handler"));
        }
        ConfiguredHandler c = configured.get(settings);
        if (c == null) {
            c = h.configure(settings);
            if (configured.size() >= MAX_CONFIGURED) {
                configured.clear();
            }
            configured.put(settings, c);
        }
        return c;
    }

    /** The class loader, while loaded (for diagnostics and tests). */
    synchronized ClassLoader loader() {
        return loader;
    }

    private void close() {
        configured.clear();
        handler = null;
        functions = null;
        ChildFirstLoader l = loader;
        loader = null;
        try {
            l.close();
            LOG.info("Plugin {} unloaded: its class loader is closed", key);
        } catch (IOException e) {
            LOG.warn("Plugin {}: its class loader did not close cleanly: {}", key, e.toString());
        }
    }
}
