package io.botgrid.node.internal;

import io.botgrid.actor.JournalReplica;
import io.botgrid.actor.ReplicationLink;
import io.botgrid.actor.internal.Stores;
import io.botgrid.grpc.StandbyLink;
import io.botgrid.util.ContinuousQueries;
import io.botgrid.workers.cluster.SpecReplica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the region ships its journals: the endpoints set at run time ({@code SetStandby}, kept under {@link #KEY} in
 * the replicated region cache, so every node of the region ships there and it survives restarts), else the node's
 * {@code standbyEndpoints} setting. Why at run time: after a failover the promoted region must ship to the old home
 * once that is demoted, and a restart of every node of the region that just took over is the last thing an operator
 * wants then. A {@link ReplicationLink} that passes each call to a {@link StandbyLink} to the current endpoints; a
 * continuous query swaps it on every node as soon as the stored endpoints change.
 *
 * <p>Why the stored value carries a version ({@code N|host:port,...}): the node that stores new endpoints applies
 * them at once, and the continuous query's notice of an earlier change can still arrive after that. Applying values
 * in arrival order let a late notice put the old endpoints back (and a removal's notice carries the removed value).
 * Each change is a compare-and-set that raises the version, and a node applies only a higher version than it has.
 * That also makes {@link #recheck()} safe: it reads the stored value every second and brings a change the query
 * missed (see {@link RegionRole}).
 */
final class StandbyTarget implements ReplicationLink {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyTarget.class);
    static final String KEY = "standby";

    private final Ignite ignite;
    private final String region;
    private final List<String> configured;
    private final String token;
    private final Duration timeout;
    private final Executor changes;
    private final Runnable onChange;
    private volatile StandbyLink link;
    /**
     * The version of the stored value {@link #link} follows: -1 for none stored (the node's setting), 0 for the first
     * one stored or one stored before versions.
     */
    private long applied = -1;
    private volatile QueryCursor<?> query;
    private volatile boolean closed;

    /**
     * @param configured the node's {@code standbyEndpoints}: the endpoints while none are set at run time
     * @param changes where {@code onChange} runs (not on Ignite's notification thread)
     * @param onChange told after the endpoints changed
     */
    StandbyTarget(Ignite ignite, String region, List<String> configured, String token, Duration timeout,
                  Executor changes, Runnable onChange) {
        this.ignite = ignite;
        this.region = region;
        this.configured = List.copyOf(configured);
        this.token = token;
        this.timeout = timeout;
        this.changes = changes;
        this.onChange = onChange;
    }

    /**
     * Follows the stored endpoints' changes and reads them. Endpoints that cannot be read (the region cache lost
     * partitions while nodes started together) leave the node shipping nowhere until {@link #recheck()} reads them.
     */
    void start() {
        ContinuousQuery<String, String> q = new ContinuousQuery<>();
        q.setLocalListener(events -> {
            for (CacheEntryEvent<? extends String, ? extends String> e : events) {
                if (KEY.equals(e.getKey()) && e.getEventType() != EventType.REMOVED
                        && e.getEventType() != EventType.EXPIRED) {
                    use(e.getValue());
                }
            }
        });
        query = ContinuousQueries.listen(cache(), q);
        try {
            recheck();
        } catch (RuntimeException e) {
            LOG.warn("Region {}: this node cannot read where the region ships yet, so it ships nowhere until a re-read "
                    + "succeeds: {}", region, e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private IgniteCache<String, String> cache() {
        return Stores.region(ignite);
    }

    private synchronized void use(String stored) {
        long version = version(stored);
        if (closed || version < applied) {
            return;
        }
        applied = version;
        String list = list(stored);
        List<String> endpoints = list.isEmpty() ? configured : Arrays.asList(list.split(","));
        StandbyLink old = link;
        if (old == null ? endpoints.isEmpty() : old.endpoints().equals(endpoints)) {
            return;
        }
        link = endpoints.isEmpty() ? null : new StandbyLink(region, endpoints, token, timeout);
        if (old != null) {
            old.close();
        }
        LOG.info("Region {} ships its journals to {}{}", region, endpoints.isEmpty() ? "nobody" : endpoints,
                list.isEmpty() ? " (the node's standbyEndpoints)" : " (set at run time)");
        changes.execute(onChange);
    }

    /** Reads the stored endpoints and follows them if their version is higher than the one followed. */
    void recheck() {
        use(cache().get(KEY));
    }

    /** The endpoints shipped to now; empty: none. */
    List<String> endpoints() {
        StandbyLink l = link;
        return l == null ? List.of() : l.endpoints();
    }

    boolean present() {
        return link != null;
    }

    /**
     * Stores {@code endpoints} for every node of the region; empty goes back to the nodes' setting.
     *
     * @throws IllegalArgumentException an endpoint is not {@code host:port}
     */
    void set(List<String> endpoints) {
        String list = String.join(",", validated(endpoints));
        IgniteCache<String, String> cache = cache();
        while (true) {
            String old = cache.get(KEY);
            long next = Math.max(version(old), appliedVersion()) + 1;
            String value = next + "|" + list;
            if (old == null ? cache.putIfAbsent(KEY, value) : cache.replace(KEY, old, value)) {
                use(value);
                return;
            }
        }
    }

    private synchronized long appliedVersion() {
        return applied;
    }

    /** The version of a stored value: 0 for one stored before versions, -1 for none. */
    static long version(String stored) {
        if (stored == null) {
            return -1;
        }
        int bar = stored.indexOf('|');
        if (bar < 0) {
            return 0;
        }
        try {
            return Long.parseLong(stored.substring(0, bar));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The endpoints of a stored value, comma-separated; empty: the node's setting. */
    static String list(String stored) {
        return stored == null ? "" : stored.substring(stored.indexOf('|') + 1);
    }

    /**
     * The endpoints, stripped, if each is {@code host:port} with a port 1–65535.
     *
     * @throws IllegalArgumentException one is not
     */
    static List<String> validated(List<String> endpoints) {
        List<String> valid = new ArrayList<>(endpoints.size());
        for (String raw : endpoints) {
            String e = raw == null ? "" : raw.strip();
            int colon = e.lastIndexOf(':');
            boolean ok = colon > 0 && colon < e.length() - 1 && e.chars().noneMatch(c -> c == ',' || c == '/'
                    || Character.isWhitespace(c));
            if (ok) {
                try {
                    int port = Integer.parseInt(e.substring(colon + 1));
                    ok = port >= 1 && port <= 65_535;
                } catch (NumberFormatException ex) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException("standby endpoint '" + raw + "' is not host:port (a port 1-65535)");
            }
            valid.add(e);
        }
        return valid;
    }

    private StandbyLink current() {
        StandbyLink l = link;
        if (l == null) {
            throw new IllegalStateException("region " + region + " has no standby endpoints (standbyEndpoints, or "
                    + "botgrid region standby " + region + " HOST:PORT...)");
        }
        return l;
    }

    @Override
    public JournalReplica.Applied ship(List<JournalReplica.Record> records) {
        return current().ship(records);
    }

    @Override
    public JournalReplica.Applied ship(List<JournalReplica.Record> records, List<JournalReplica.Snapshot> snapshots) {
        return current().ship(records, snapshots);
    }

    /** Ships worker specs to the current endpoints; throws as {@link #ship(List)} does. */
    SpecReplica.Applied shipSpecs(List<SpecReplica.Spec> specs) {
        return current().shipSpecs(specs);
    }

    @Override
    public Heads heads(List<JournalReplica.Head> probes) {
        return current().heads(probes);
    }

    @Override
    public synchronized void close() {
        closed = true;
        QueryCursor<?> q = query;
        if (q != null) {
            try {
                q.close();
            } catch (RuntimeException e) {
                // the node is going down
            }
        }
        StandbyLink l = link;
        link = null;
        if (l != null) {
            l.close();
        }
    }
}
