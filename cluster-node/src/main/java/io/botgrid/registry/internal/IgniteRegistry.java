package io.botgrid.registry.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.RegistryRecord;
import io.botgrid.registry.Registration;
import io.botgrid.registry.Registry;
import io.botgrid.registry.RegistryEntry;
import io.botgrid.registry.RegistryEvent;
import io.botgrid.registry.RegistryListener;
import io.botgrid.util.DaemonThreads;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Registry} on Ignite ({@link RegistryStore}). Registration is {@code putIfAbsent}, so one of concurrent
 * registrations wins; a holder whose node is gone is replaced with {@code replace(key, old, new)}, so a takeover
 * races safely too. Every removal of someone else's entry is {@code remove(key, value)}: of the nodes that find a
 * stale entry at once, one removes it and reports it.
 *
 * <p>Departures: every node listens for {@code EVT_NODE_LEFT} and {@code EVT_NODE_FAILED} and removes the departed
 * node's names on its own executor (never on the discovery thread). Until that is done, {@link #lookup} and
 * {@link #list} check each entry's node against the current topology, so a name of a node Ignite has declared gone
 * is never returned.
 */
public final class IgniteRegistry implements Registry, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IgniteRegistry.class);
    private static final int[] DEPARTURES = {EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED};

    private final Supplier<Ignite> ignite;
    private final RegistryListener listener;
    private final Clock clock;
    private final ExecutorService cleanup;
    private volatile IgnitePredicate<Event> departureListener;

    /**
     * @param nodeName for the name of the cleanup thread
     */
    public IgniteRegistry(String nodeName, Supplier<Ignite> ignite, RegistryListener listener, Clock clock) {
        this.ignite = ignite;
        this.listener = listener;
        this.clock = clock;
        this.cleanup = Executors.newSingleThreadExecutor(DaemonThreads.named("botgrid-registry-" + nodeName));
    }

    /** Starts listening for departures and removes the names of nodes that left before this node listened. */
    public void start() {
        Ignite g = ignite();
        IgnitePredicate<Event> onDeparture = event -> {
            if (event instanceof DiscoveryEvent d) {
                UUID gone = d.eventNode().id();
                String reason = event.type() == EventType.EVT_NODE_FAILED ? "node failed" : "node left";
                try {
                    cleanup.execute(() -> removeNode(gone, reason));
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // this node is stopping too
                }
            }
            return true;
        };
        g.events().localListen(onDeparture, DEPARTURES);
        departureListener = onDeparture;
        cleanup.execute(this::removeGoneNodes);
    }

    @Override
    public void close() {
        IgnitePredicate<Event> l = departureListener;
        Ignite g = ignite.get();
        if (l != null && g != null) {
            try {
                g.events().stopLocalListen(l, DEPARTURES);
            } catch (RuntimeException e) {
                LOG.debug("Registry listener of a stopping node: {}", e.toString());
            }
        }
        cleanup.shutdownNow();
    }

    @Override
    public Registration register(String name, String owner, Set<String> tags) {
        Ignite g = ignite();
        RegistryEntry mine = new RegistryEntry(name, owner, String.valueOf(g.cluster().localNode().consistentId()),
                g.cluster().localNode().id().toString(), tags, clock.millis());
        byte[] value = encode(mine);
        IgniteCache<String, byte[]> cache = cache(g);
        for (int attempt = 0; attempt < 8; attempt++) {
            byte[] held = cache.getAndPutIfAbsent(name, value);
            if (held == null) {
                listener.onEvent(new RegistryEvent(RegistryEvent.Kind.REGISTERED, mine, "registered"));
                return new Registration(true, mine);
            }
            RegistryEntry holder = decode(name, held);
            boolean sameHolder = holder.owner().equals(owner) && holder.nodeId().equals(mine.nodeId());
            if (sameHolder || !alive(g, holder)) {
                if (cache.replace(name, held, value)) {
                    if (!sameHolder) {
                        listener.onEvent(new RegistryEvent(RegistryEvent.Kind.CLEANED_UP, holder, "node gone"));
                    }
                    listener.onEvent(new RegistryEvent(RegistryEvent.Kind.REGISTERED, mine, "registered"));
                    return new Registration(true, mine);
                }
                continue; // changed under us: read again
            }
            return new Registration(false, holder);
        }
        throw new IllegalStateException("registry name '" + name + "' is changing too fast to register");
    }

    @Override
    public boolean unregister(String name, String owner, String reason) {
        RegistryEntry.checkName(name);
        Ignite g = ignite();
        IgniteCache<String, byte[]> cache = cache(g);
        byte[] held = cache.get(name);
        if (held == null) {
            return false;
        }
        RegistryEntry holder = decode(name, held);
        if (!holder.owner().equals(owner) || !holder.nodeId().equals(g.cluster().localNode().id().toString())) {
            return false;
        }
        if (cache.remove(name, held)) {
            listener.onEvent(new RegistryEvent(RegistryEvent.Kind.UNREGISTERED, holder, reason));
            return true;
        }
        return false;
    }

    @Override
    public int unregisterOwner(String owner, String reason) {
        Ignite g = ignite();
        String local = g.cluster().localNode().id().toString();
        int removed = 0;
        for (RegistryEntry e : scan(g)) {
            if (e.owner().equals(owner) && e.nodeId().equals(local) && unregister(e.name(), owner, reason)) {
                removed++;
            }
        }
        return removed;
    }

    @Override
    public Optional<RegistryEntry> lookup(String name) {
        RegistryEntry.checkName(name);
        Ignite g = ignite();
        byte[] held = cache(g).get(name);
        if (held == null) {
            return Optional.empty();
        }
        RegistryEntry holder = decode(name, held);
        if (!alive(g, holder)) {
            removeStale(g, holder, held, "node gone");
            return Optional.empty();
        }
        return Optional.of(holder);
    }

    @Override
    public List<RegistryEntry> list(String prefix, String tag, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        Ignite g = ignite();
        List<RegistryEntry> out = new ArrayList<>();
        for (RegistryEntry e : scan(g)) {
            if (!e.name().startsWith(prefix) || (!tag.isEmpty() && !e.tags().contains(tag))) {
                continue;
            }
            if (!alive(g, e)) {
                continue; // the departure cleanup (or a lookup) removes it
            }
            out.add(e);
        }
        out.sort(Comparator.comparing(RegistryEntry::name));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    }

    /** Removes every name held by the node that left; runs on each surviving node, one of them wins each entry. */
    private void removeNode(UUID gone, String reason) {
        Ignite g = ignite.get();
        if (g == null) {
            return;
        }
        try {
            IgniteCache<String, byte[]> cache = cache(g);
            String id = gone.toString();
            int removed = 0;
            try (QueryCursor<Cache.Entry<String, byte[]>> cursor = cache.query(new ScanQuery<String, byte[]>())) {
                for (Cache.Entry<String, byte[]> row : cursor) {
                    RegistryEntry e = decode(row.getKey(), row.getValue());
                    if (e.nodeId().equals(id) && removeStale(g, e, row.getValue(), reason)) {
                        removed++;
                    }
                }
            }
            if (removed > 0) {
                LOG.info("Registry: removed {} name(s) of {} ({})", removed, gone, reason);
            }
        } catch (RuntimeException e) {
            LOG.warn("Registry cleanup after {} ({}) failed; lookups still hide its names: {}", gone, reason,
                    e.toString());
        }
    }

    /** At start: names of nodes that left while this node was not yet listening. */
    private void removeGoneNodes() {
        Ignite g = ignite.get();
        if (g == null) {
            return;
        }
        try {
            try (QueryCursor<Cache.Entry<String, byte[]>> cursor = cache(g).query(new ScanQuery<String, byte[]>())) {
                for (Cache.Entry<String, byte[]> row : cursor) {
                    RegistryEntry e = decode(row.getKey(), row.getValue());
                    if (!alive(g, e)) {
                        removeStale(g, e, row.getValue(), "node gone");
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Registry sweep at start failed: {}", e.toString());
        }
    }

    private boolean removeStale(Ignite g, RegistryEntry e, byte[] held, String reason) {
        if (cache(g).remove(e.name(), held)) {
            listener.onEvent(new RegistryEvent(RegistryEvent.Kind.CLEANED_UP, e, reason));
            return true;
        }
        return false;
    }

    private List<RegistryEntry> scan(Ignite g) {
        List<RegistryEntry> all = new ArrayList<>();
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = cache(g).query(new ScanQuery<String, byte[]>())) {
            for (Cache.Entry<String, byte[]> row : cursor) {
                all.add(decode(row.getKey(), row.getValue()));
            }
        }
        return all;
    }

    private static boolean alive(Ignite g, RegistryEntry e) {
        try {
            return g.cluster().node(UUID.fromString(e.nodeId())) != null;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private Ignite ignite() {
        Ignite g = ignite.get();
        if (g == null || !g.cluster().state().active()) {
            throw new IllegalStateException("the registry is not available: the cluster is not active");
        }
        return g;
    }

    private static IgniteCache<String, byte[]> cache(Ignite g) {
        return g.cache(RegistryStore.CACHE);
    }

    static byte[] encode(RegistryEntry e) {
        return RegistryRecord.newBuilder().setOwner(e.owner()).setNode(e.node()).setNodeId(e.nodeId())
                .addAllTags(e.tags().stream().sorted().toList()).setRegisteredAtMillis(e.registeredAtMillis())
                .build().toByteArray();
    }

    static RegistryEntry decode(String name, byte[] bytes) {
        try {
            RegistryRecord r = RegistryRecord.parseFrom(bytes);
            return new RegistryEntry(name, r.getOwner(), r.getNode(), r.getNodeId(), Set.copyOf(r.getTagsList()),
                    r.getRegisteredAtMillis());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("registry entry '" + name + "' does not parse: " + e.getMessage(), e);
        }
    }
}
