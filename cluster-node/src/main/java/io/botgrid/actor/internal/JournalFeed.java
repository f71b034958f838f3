package io.botgrid.actor.internal;

import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.util.ContinuousQueries;
import io.botgrid.util.DaemonThreads;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.event.CacheEntryEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCheckedException;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.affinity.AffinityTopologyVersion;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's writes for a node's follows: one continuous query per node for all of its live {@link JournalTail}s,
 * each notification handed to the tails of the actor written.
 *
 * <p>Why one query per node and not one per follow: Ignite runs every continuous query's filter and its backup
 * bookkeeping on every write of the cache, on the primary and on the backup, so with a query per follow the cost of
 * each journal write grew with the number of follows open in the cluster. With 1,000 follows of actors nobody wrote,
 * W1 fell from 5,413 to 95–113 durable writes per second and Ignite reported a striped-pool thread blocked for 9 s
 * ({@code bench/run.sh --workloads w1 --w1-follows 1000}). With one query per node, a write costs one notification
 * per node that has follows, whatever their number.
 *
 * <p>The query's remote filter ({@link FollowedBy}) sends a write only to the nodes that follow its actor: before a
 * tail's first read, the node tells every server node that it follows the actor ({@link FollowUpdate}, waited for),
 * and when the node's last tail of an actor leaves, that it no longer does. Without it, a node with any follow
 * received every journal write of the cluster and dropped those of other actors on arrival.
 *
 * <p>The query is registered when the node's first tail subscribes and closed when its last one leaves. A tail
 * subscribes before it reads the journal, so each record is read or notified (or both), as with a query of its own.
 *
 * <p>After another node joined, the node tells every server node (the new one too) again which actors it follows,
 * registers the query again once the join's exchange is done, and every tail then reads the journal from its next
 * record: with Ignite 2.17 a query registered before a node joined did not hear the writes whose primary is the new
 * node (a probe heard 96 of 200 writes, a query registered after the join all 200), so follows stalled for good on
 * the actors whose partitions moved there ({@code FollowAcrossJoinTest}); and a write the new node made before it
 * knew the follows was not sent, which the read finds.
 *
 * <p>Follows are announced and withdrawn under this feed's lock, one at a time, so a node's registry never sees a
 * withdrawal overtake a later announcement of the same actor.
 */
final class JournalFeed {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFeed.class);
    /** How long a renewal waits for the join's exchange before it registers the query anyway. */
    private static final long EXCHANGE_WAIT_MILLIS = 60_000;

    /** The live tails by actor; read without the lock by the query's listener. */
    private final Map<String, Set<JournalTail>> tails = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newCachedThreadPool(DaemonThreads.named("botgrid-feed"));
    /** The Ignite the query and the join listener belong to; guarded by this. */
    private Ignite node;
    /** The query while some tail is subscribed; guarded by this. */
    private QueryCursor<?> cursor;
    /** The join listener registered on {@link #node}; guarded by this. */
    private IgnitePredicate<Event> joins;

    /**
     * Makes {@code tail} hear the writes of {@code actor} from now on; registers the node's query first if it has
     * none, and announces the follow if no other tail of the node follows the actor. Call before the tail's first
     * journal read. Blocks while the query registers and the announcement goes round.
     *
     * @throws RuntimeException Ignite's failure to register the query, or {@link ClusterUnavailableException} if the
     *     follow could not be announced; the tail is then not subscribed
     */
    synchronized void subscribe(Ignite ignite, String actor, JournalTail tail) {
        if (node != ignite) {
            switchTo(ignite);
        }
        if (cursor == null) {
            cursor = ContinuousQueries.listen(Stores.journal(ignite), query(ignite));
        }
        if (!tails.containsKey(actor)) {
            try {
                announce(ignite, List.of(actor), true);
            } catch (RuntimeException e) {
                if (tails.isEmpty()) {
                    closeLater(cursor);
                    cursor = null;
                }
                throw e;
            }
        }
        tails.computeIfAbsent(actor, a -> ConcurrentHashMap.newKeySet()).add(tail);
    }

    /**
     * Stops notifying {@code tail}; when it was the node's last tail of the actor, the follow is withdrawn, and when
     * it was the node's last tail, the query closes (both in the background).
     */
    void unsubscribe(String actor, JournalTail tail) {
        QueryCursor<?> idle = null;
        boolean last;
        Ignite ignite;
        synchronized (this) {
            tails.computeIfPresent(actor, (a, set) -> set.remove(tail) && set.isEmpty() ? null : set);
            last = !tails.containsKey(actor);
            ignite = node;
            if (tails.isEmpty()) {
                idle = cursor;
                cursor = null;
            }
        }
        closeLater(idle);
        if (last && ignite != null) {
            withdrawLater(ignite, actor);
        }
    }

    /** Withdraws the node's follow of {@code actor} unless a tail of it subscribed again meanwhile. */
    private void withdrawLater(Ignite ignite, String actor) {
        try {
            background.execute(() -> {
                synchronized (this) {
                    if (node != ignite || tails.containsKey(actor)) {
                        return;
                    }
                    try {
                        announce(ignite, List.of(actor), false);
                    } catch (RuntimeException e) {
                        // a node that keeps it only receives that actor's writes and drops them; it forgets the
                        // entry when this node leaves
                        LOG.debug("Withdrawing the follow of {} failed", actor, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // never shut down
        }
    }

    /**
     * Tells every server node (this one too) that this node follows, or no longer follows, {@code actors}; returns
     * once they all applied it. Call with the lock held.
     */
    private static void announce(Ignite ignite, List<String> actors, boolean follows) {
        UUID self = ignite.cluster().localNode().id();
        try {
            ignite.compute(ignite.cluster().forServers()).broadcast(new FollowUpdate(self, actors, follows));
        } catch (IgniteException e) {
            throw new ClusterUnavailableException("node " + ignite.name() + " could not tell the cluster that it "
                    + (follows ? "follows " : "no longer follows ") + describe(actors) + " (" + e.getMessage()
                    + "); retry", e);
        }
    }

    private static String describe(List<String> actors) {
        return actors.size() == 1 ? actors.get(0) : actors.size() + " actors";
    }

    /** The query, with the filter that passes only the writes of the actors this node announced. */
    private ContinuousQuery<JournalKey, byte[]> query(Ignite ignite) {
        ContinuousQuery<JournalKey, byte[]> query = unfiltered();
        query.setRemoteFilterFactory(FactoryBuilder.factoryOf(new FollowedBy(ignite.cluster().localNode().id())));
        return query;
    }

    /** The query without a filter: every journal write, for when a node may not know this node's follows. */
    private ContinuousQuery<JournalKey, byte[]> unfiltered() {
        ContinuousQuery<JournalKey, byte[]> query = new ContinuousQuery<>();
        query.setLocalListener(events -> {
            for (CacheEntryEvent<? extends JournalKey, ? extends byte[]> e : events) {
                JournalKey key = e.getKey();
                Set<JournalTail> following = tails.get(key.actor());
                if (following != null) {
                    for (JournalTail tail : following) {
                        tail.notified(key.seq(), e.getValue());
                    }
                }
            }
        });
        return query;
    }

    /** A new Ignite for this node (first use, or a restart): forget the old one's query and listener. */
    private void switchTo(Ignite ignite) {
        closeLater(cursor);
        cursor = null;
        if (node != null && joins != null) {
            try {
                node.events().stopLocalListen(joins, EventType.EVT_NODE_JOINED);
            } catch (RuntimeException e) {
                // the old Ignite is stopped: its listeners went with it
            }
        }
        node = ignite;
        joins = event -> {
            joined(ignite, ((DiscoveryEvent) event).topologyVersion());
            return true;
        };
        ignite.events().localListen(joins, EventType.EVT_NODE_JOINED);
    }

    private void joined(Ignite ignite, long topologyVersion) {
        try {
            background.execute(() -> {
                awaitExchange(ignite, topologyVersion);
                renew(ignite);
            });
        } catch (RejectedExecutionException e) {
            // never shut down
        }
    }

    /**
     * Announces the node's follows again (the new node has not heard them), registers the query again (if there is
     * one) and has every tail read from its next record.
     */
    private void renew(Ignite ignite) {
        QueryCursor<?> old;
        synchronized (this) {
            if (node != ignite || cursor == null) {
                return;
            }
            boolean announced = true;
            try {
                announce(ignite, List.copyOf(tails.keySet()), true);
            } catch (RuntimeException e) {
                announced = false;
                LOG.warn("The follows were not announced again after a node joined ({}); until the next join, the "
                        + "follows' query is sent every journal write", e.toString());
            }
            try {
                old = cursor;
                cursor = ContinuousQueries.listen(Stores.journal(ignite), announced ? query(ignite) : unfiltered());
            } catch (RuntimeException e) {
                LOG.warn("The follows' journal query was not registered again after a node joined ({}); the follows "
                        + "keep the one they have and read the journal now", e.toString());
                old = null;
            }
        }
        closeLater(old);
        for (Set<JournalTail> following : tails.values()) {
            for (JournalTail tail : following) {
                tail.reread();
            }
        }
    }

    private static void awaitExchange(Ignite ignite, long topologyVersion) {
        if (!(ignite instanceof IgniteEx ex)) {
            return;
        }
        try {
            ex.context().cache().context().exchange()
                    .affinityReadyFuture(new AffinityTopologyVersion(topologyVersion)).get(EXCHANGE_WAIT_MILLIS);
        } catch (IgniteCheckedException | RuntimeException e) {
            // stopping, or the exchange did not end in time: renew anyway, a later join renews again
            LOG.debug("Waiting for the exchange of topology version {} failed; renewing the follows' query now",
                    topologyVersion, e);
        }
    }

    /** Closes {@code c} off the caller's thread: closing a query is a cluster-wide message. */
    private void closeLater(QueryCursor<?> c) {
        if (c == null) {
            return;
        }
        try {
            background.execute(() -> close(c));
        } catch (RejectedExecutionException e) {
            close(c);
        }
    }

    private static void close(QueryCursor<?> c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            // the node is stopping: its queries end with it
        }
    }
}
