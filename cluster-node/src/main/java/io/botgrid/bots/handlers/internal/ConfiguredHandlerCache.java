package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.ConfiguredHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers configured handlers by (handler name, settings text), least recently used first out, so that a session
 * asking for its bot's handler does not re-parse the settings on every message. Configuring runs outside the lock:
 * two threads may configure the same settings at once, and the first one stored wins. Failures are not cached.
 */
public final class ConfiguredHandlerCache {
    private record Key(String name, String settings) {
    }

    private final Map<Key, ConfiguredHandler> entries;

    public ConfiguredHandlerCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, ConfiguredHandler> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached handler for (name, settings), configured with {@code configure} when absent. */
    public ConfiguredHandler get(String name, String settings, Supplier<ConfiguredHandler> configure) {
        Key key = new Key(name, settings);
        synchronized (entries) {
            ConfiguredHandler cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ConfiguredHandler fresh = configure.get();
        if (fresh == null) {
            throw new IllegalStateException("handler '" + name + "' configured to null");
        }
        synchronized (entries) {
            ConfiguredHandler raced = entries.putIfAbsent(key, fresh);
            return raced != null ? raced : fresh;
        }
    }

    /** How many entries are held. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
