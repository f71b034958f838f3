package io.botgrid.actor.internal;

import io.botgrid.util.DaemonThreads;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCheckedException;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.affinity.AffinityTopologyVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the continuous query of every live {@link JournalTail} of a node once another node has joined and the
 * exchange of its join is done.
 *
 * <p>Why: with Ignite 2.17 a continuous query registered before a node joined did not hear the writes whose primary
 * is the new node (a probe heard 96 of 200 writes, a query registered after the join all 200), so a follow opened
 * before a scale-out or a node's restart stalled for good on every actor whose journal partition moved to that node
 * ({@code FollowAcrossJoinTest}). A query registered once the join's exchange is done hears them; the tail reads the
 * journal from its next record right after, so nothing written in between is missed.
 */
final class TailRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(TailRenewal.class);
    /** How long a renewal waits for the join's exchange before it renews anyway. */
    private static final long EXCHANGE_WAIT_MILLIS = 60_000;
    /** Closed tails are dropped from the set once per this many follows. */
    private static final int PRUNE_EVERY = 256;

    private final Set<JournalTail> tails = ConcurrentHashMap.newKeySet();
    private final AtomicLong added = new AtomicLong();
    private final ExecutorService waits = Executors.newCachedThreadPool(DaemonThreads.named("botgrid-tail-renewal"));
    private Ignite listening;

    /** Renews {@code tail} after every join that {@code node} sees from now on, until the tail is closed. */
    void add(Ignite node, JournalTail tail) {
        listen(node);
        tails.add(tail);
        if (added.incrementAndGet() % PRUNE_EVERY == 0) {
            tails.removeIf(JournalTail::isClosed);
        }
    }

    private synchronized void listen(Ignite node) {
        if (listening == node) {
            return;
        }
        listening = node;
        node.events().localListen(event -> {
            joined(node, ((DiscoveryEvent) event).topologyVersion());
            return true;
        }, EventType.EVT_NODE_JOINED);
    }

    private void joined(Ignite node, long topologyVersion) {
        try {
            waits.execute(() -> {
                awaitExchange(node, topologyVersion);
                tails.removeIf(JournalTail::isClosed);
                for (JournalTail tail : tails) {
                    tail.renew();
                }
            });
        } catch (RejectedExecutionException e) {
            // never shut down; nothing to renew if it were
        }
    }

    private static void awaitExchange(Ignite node, long topologyVersion) {
        if (!(node instanceof IgniteEx ex)) {
            return;
        }
        try {
            ex.context().cache().context().exchange()
                    .affinityReadyFuture(new AffinityTopologyVersion(topologyVersion)).get(EXCHANGE_WAIT_MILLIS);
        } catch (IgniteCheckedException | RuntimeException e) {
            // stopping, or the exchange did not end in time: renew anyway, a later join renews again
            LOG.debug("Waiting for the exchange of topology version {} failed; renewing the follows' queries now",
                    topologyVersion, e);
        }
    }
}
