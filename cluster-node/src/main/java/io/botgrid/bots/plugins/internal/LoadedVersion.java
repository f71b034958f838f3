package io.botgrid.bots.plugins.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import java.io.IOException;
import java.util.Map;
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
    private BotHandler handler;
    private final Map<String, ConfiguredHandler> configured = new ConcurrentHashMap<>();
    private int leases;
    private boolean retired;
    private long lastUsedNanos = System.nanoTime();

    LoadedVersion(String key, ChildFirstLoader loader, BotHandler handler) {
        this.key = key;
        this.loader = loader;
        this.handler = handler;
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
            throw new IllegalStateException("plugin " + key + " is unloaded");
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
