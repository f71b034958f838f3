package io.botgrid.node.internal;

import io.botgrid.actor.ReplicationRefusedException;
import io.botgrid.actor.internal.ActorRuntime;
import io.botgrid.actor.internal.Stores;
import io.botgrid.cluster.RegionAdmin;
import io.botgrid.util.ContinuousQueries;
import io.botgrid.util.DaemonThreads;
import java.util.List;
import java.util.function.Consumer;
import javax.cache.event.CacheEntryEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region's role (see {@link RegionAdmin}), kept in the replicated cache {@link Stores#REGION} so that every node
 * of the region sees the same and it survives restarts, and enforced on this node: in any role but active the
 * runtime refuses journal appends ({@link ActorRuntime#refuseWrites}). A continuous query brings a change made
 * through another node here at once, and {@link #recheck()}, called every second, brings one the query missed: with
 * Ignite 2.17 a query registered on the first node of a region did not hear changes made through the second one until
 * the topology changed.
 *
 * <p>Transitions: active → standby of S when S's first shipment arrives; standby of S → promoted over S by an
 * operator; promoted over S refuses S's shipments, and S, told so, goes active → fenced by the promoted region; fenced
 * → standby of the promoted region by an operator (demote), which starts its re-synchronisation. A fenced region
 * refuses every shipment, and a standby those of regions other than its own. Every change is one {@code replace} of
 * the stored value, so two nodes racing to change it cannot both win. Each promotion raises the region's term (kept
 * beside the role, carried in the fencing refusal), so that of two regions each promoted over the other, the later
 * promotion wins.
 */
final class RegionRole implements RegionAdmin, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionRole.class);
    private static final String KEY = "role";
    /** The region's promotion term (see {@link ReplicationRefusedException#term()}); absent: 0. */
    private static final String TERM = "term";
    private static final String ACTIVE = "active";
    /** This node's role while it could not read the stored one yet: it refuses writes and shipments. */
    static final String UNREAD = "unread";

    private final Ignite ignite;
    private final String region;
    private final ActorRuntime runtime;
    private final StandbyTarget target;
    private final Consumer<String> onStandby;
    private final Runnable onPromoted;
    private volatile String role = ACTIVE;
    /** The stored role the last {@link #recheck()} read where it differed from {@link #role}; null: none. */
    private String differing;
    private volatile QueryCursor<?> query;

    /**
     * @param target where the region ships
     * @param onStandby told, with the region it now stands by for, each time the region becomes a standby (and at
     *     start if it is one): it re-synchronises from that region. Called on Ignite's notification thread: hand over.
     * @param onPromoted run on every node once this node has seen the region go from standby to promoted and ended its
     *     activations (they may be behind their replicated journals): the node re-derives what replication does not
     *     write (the bot index)
     */
    RegionRole(Ignite ignite, String region, ActorRuntime runtime, StandbyTarget target,
               Consumer<String> onStandby, Runnable onPromoted) {
        this.ignite = ignite;
        this.region = region;
        this.runtime = runtime;
        this.target = target;
        this.onStandby = onStandby;
        this.onPromoted = onPromoted;
    }

    /**
     * Follows the stored role's changes, reads it and enforces it. A role that cannot be read (the region cache lost
     * partitions while nodes started together) leaves the node {@link #UNREAD} until {@link #recheck()} reads it.
     */
    public void start() {
        ContinuousQuery<String, String> q = new ContinuousQuery<>();
        q.setLocalListener(events -> {
            for (CacheEntryEvent<? extends String, ? extends String> e : events) {
                if (KEY.equals(e.getKey())) {
                    enforce(e.getValue() == null ? ACTIVE : e.getValue());
                }
            }
        });
        query = ContinuousQueries.listen(cache(), q);
        String stored;
        try {
            stored = cache().get(KEY);
        } catch (RuntimeException e) {
            LOG.warn("Region {}: this node cannot read the region's role yet, so it refuses writes and shipments "
                    + "until a re-read succeeds: {}", region, e.getMessage().lines().findFirst().orElse(""));
            enforce(UNREAD);
            return;
        }
        enforce(stored == null ? ACTIVE : stored);
    }

    private IgniteCache<String, String> cache() {
        return Stores.region(ignite);
    }

    /**
     * Enforces the stored role if the query missed its change. Only a difference seen twice in a row counts: a read
     * can come before this node's copy holds a change whose notice already came, and acting on it would take the role
     * back for a moment (and run what a transition runs twice).
     */
    void recheck() {
        String stored = cache().get(KEY);
        String now = stored == null ? ACTIVE : stored;
        synchronized (this) {
            if (now.equals(role)) {
                differing = null;
            } else if (UNREAD.equals(role)) {
                LOG.info("Region {}: this node read the region's role at last: {}", region, now);
                enforce(now);
            } else if (now.equals(differing)) {
                differing = null;
                LOG.info("Region {}: this node missed the notice of the role change to {}; enforced now", region, now);
                enforce(now);
            } else {
                differing = now;
            }
        }
    }

    private synchronized void enforce(String newRole) {
        if (newRole.equals(role) && !ACTIVE.equals(newRole)) {
            return;
        }
        String before = role;
        role = newRole;
        runtime.refuseWrites(refusal(newRole));
        if (!newRole.equals(before)) {
            LOG.info("Region {} is now {} (was {})", region, newRole, before);
            if (newRole.startsWith("standby:")) {
                onStandby.accept(other(newRole));
            }
        }
        if (before.startsWith("standby:") && newRole.startsWith("promoted:")) {
            // never on the role query's thread (an Ignite one): what follows reads and writes caches
            runtime.passivateAll().whenComplete((done, error) -> DaemonThreads.start("botgrid-promoted-" + region,
                    this::promoted));
        }
    }

    private void promoted() {
        try {
            onPromoted.run();
        } catch (RuntimeException e) {
            LOG.error("Region {}: what follows its promotion failed on this node", region, e);
        }
    }

    /** Why writes are refused in {@code r}, or null when they are taken. */
    private String refusal(String r) {
        if (UNREAD.equals(r)) {
            return "this node of region " + region + " could not read the region's role yet (its cache lost partitions "
                    + "while nodes started); it takes writes once it has";
        }
        if (r.startsWith("standby:")) {
            return "region " + region + " is the standby of region " + other(r) + ": its actors are written there "
                    + "(if region " + other(r) + " is lost: botgrid region promote " + region + ")";
        }
        if (r.startsWith("fenced:")) {
            return "region " + region + " is fenced: region " + other(r) + " was promoted over it and is the home of "
                    + "its actors; demote it (botgrid region demote " + region + ") and re-synchronise it";
        }
        return null;
    }

    private static String other(String r) {
        return r.substring(r.indexOf(':') + 1);
    }

    /** Whether this region ships to its standby: only while it is the home of its actors. */
    public boolean ships() {
        return ACTIVE.equals(role) || role.startsWith("promoted:");
    }

    /**
     * A shipment from {@code source} arrived: a fresh region becomes its standby; a region promoted over it refuses
     * it; a fenced region, or the standby of another region, refuses it too (without fencing the source).
     *
     * @throws ReplicationRefusedException this region was promoted over {@code source}
     * @throws IllegalStateException this region takes no shipments from {@code source} now
     */
    public void acceptFrom(String source) {
        String r = role;
        if (UNREAD.equals(r)) {
            throw new IllegalStateException("this node of region " + region + " could not read the region's role yet: "
                    + "it takes shipments once it has");
        }
        if (r.equals("promoted:" + source)) {
            throw new ReplicationRefusedException(region, source, term());
        }
        if (r.startsWith("fenced:")) {
            throw new IllegalStateException("region " + region + " is fenced by region " + other(r) + ": it takes "
                    + "shipments once demoted (botgrid region demote " + region + ")");
        }
        if (r.startsWith("standby:") && !r.equals("standby:" + source)) {
            throw new IllegalStateException("region " + region + " is the standby of region " + other(r)
                    + ", not of region " + source);
        }
        if (ACTIVE.equals(r) && !source.isEmpty()) {
            if (Stores.directory(ignite).sizeLong(CachePeekMode.PRIMARY) > 0) {
                // an old home that came back and has not learnt yet that it was fenced: not a fresh standby
                throw new IllegalStateException("region " + region + " is active and the home of actors of its own: "
                        + "it takes region " + source + "'s shipments once an operator made it a standby (if region "
                        + source + " was promoted over it: botgrid region demote " + region + " once it is fenced)");
            }
            change(ACTIVE, "standby:" + source);
        }
    }

    /**
     * The standby refused this region's shipment because it was promoted over it: this region stops writing, unless
     * its own promotion is newer (a higher term: the refusing region is an old home that came back still believing
     * it is promoted, and is fenced at its own next contact with this one).
     */
    public synchronized void fencedBy(ReplicationRefusedException refusal) {
        String r = role;
        String promoted = refusal.promotedRegion();
        long mine = term();
        if (refusal.term() < mine) {
            LOG.warn("Region {} ignores the refusal of region {}: its promotion (term {}) is older than this "
                    + "region's (term {}); it is fenced at its next contact with this region", region, promoted,
                    refusal.term(), mine);
            return;
        }
        if (ships()) {
            LOG.error("Region {} is fenced: region {} was promoted over it (term {}); writes are refused from now on",
                    region, promoted, refusal.term());
            cache().put(TERM, Long.toString(refusal.term()));
            change(r, "fenced:" + promoted);
        }
    }

    /** The region's promotion term. */
    long term() {
        String t = cache().get(TERM);
        return t == null ? 0 : Long.parseLong(t);
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public String role() {
        return role;
    }

    @Override
    public String promote(String target) {
        return promote(target, List.of());
    }

    @Override
    public synchronized String promote(String target, List<String> standbyEndpoints) {
        requireThis(target);
        List<String> endpoints = StandbyTarget.validated(standbyEndpoints);
        String r = role;
        if (!r.startsWith("standby:")) {
            throw new IllegalStateException("region " + region + " is " + r + ", not a standby: nothing to promote");
        }
        cache().put(TERM, Long.toString(term() + 1));
        change(r, "promoted:" + other(r));
        if (!endpoints.isEmpty()) {
            this.target.set(endpoints);
        }
        return role;
    }

    @Override
    public List<String> standbyEndpoints() {
        return target.endpoints();
    }

    @Override
    public String setStandby(String target, List<String> endpoints) {
        requireThis(target);
        this.target.set(endpoints);
        return role;
    }

    @Override
    public synchronized String demote(String target) {
        requireThis(target);
        String r = role;
        if (!r.startsWith("fenced:")) {
            throw new IllegalStateException("region " + region + " is " + r + ", not fenced: nothing to demote");
        }
        change(r, "standby:" + other(r));
        return role;
    }

    private void requireThis(String target) {
        if (!region.equals(target)) {
            throw new IllegalStateException("this node is in region " + region + ", not " + target
                    + ": call a node of region " + target);
        }
    }

    /** Stores {@code to} if the stored role is still {@code from}, and enforces what is stored then. */
    private void change(String from, String to) {
        IgniteCache<String, String> cache = cache();
        boolean done = ACTIVE.equals(from) ? cache.putIfAbsent(KEY, to) || cache.replace(KEY, ACTIVE, to)
                : cache.replace(KEY, from, to);
        String stored = cache.get(KEY);
        enforce(stored == null ? ACTIVE : stored);
        if (!done) {
            LOG.info("Region {}: role change {} -> {} lost to a concurrent one; it is {}", region, from, to, role);
        }
    }

    @Override
    public void close() {
        QueryCursor<?> q = query;
        if (q != null) {
            try {
                q.close();
            } catch (RuntimeException e) {
                // the node is going down
            }
        }
    }
}
