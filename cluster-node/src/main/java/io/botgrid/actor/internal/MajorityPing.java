package io.botgrid.actor.internal;

import io.botgrid.util.DaemonThreads;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteBiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves, after a journal write completed, that this node still reaches a majority of the cluster: a ping to the
 * other baseline nodes, answered by enough of them within a timeout.
 *
 * <p>Why the {@link AckGuard}'s topology check is not enough: an atomic {@code FULL_SYNC} update can complete on its
 * primary without its backup's answer before the topology changes at all (seen in {@code NetworkSplitTest}: a node
 * cut off from the others acknowledged an append 3.9 s after the cut, while its discovery still listed them, and the
 * majority had re-activated the actor and written the same position without it). Ignite gives up on the backup
 * through its communication layer first and only later through discovery. A ping sent after the write completed and
 * answered by a majority shows that the links to that majority worked after the write, so this node is on the side
 * that goes on (and the others have not re-activated its actors, which they do only after dropping it); a ping that
 * goes unanswered means the write may exist on this side only, and it is not acknowledged.
 *
 * <p>Rounds and cost. A round is numbered; every confirmation asked for before the round's pings go out shares it,
 * a later one starts the next round at once (rounds overlap, so a write never waits for an earlier round to end).
 * Pings and pongs carry the round number and are sent per peer by a {@link Mailbox} that keeps only the newest
 * number while a send is under way: a pong for round {@code n} proves the link worked after every round up to
 * {@code n} started, so it answers all of them. This bounds the threads to one per peer and direction even when a
 * cut-off peer makes sends block, and under load it turns many writes into one round trip.
 *
 * <p>Every round has its timeout from the moment it exists, so a confirmation ends within the timeout whatever
 * the senders are doing (an earlier version armed it only when the round started and could wait for as long as a
 * blocked send did).
 */
final class MajorityPing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MajorityPing.class);
    static final String PING_TOPIC = "botgrid.majority-ping";
    static final String PONG_TOPIC = "botgrid.majority-pong";

    private final Ignite ignite;
    private final MajorityFence fence;
    private final long timeoutMillis;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService senders;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Round> open = new ConcurrentHashMap<>();
    /** Per peer (consistent id): the highest round number it answered. */
    private final Map<Object, Long> answeredUpTo = new ConcurrentHashMap<>();
    private final Map<UUID, Mailbox> pings = new ConcurrentHashMap<>();
    private final Map<UUID, Mailbox> pongs = new ConcurrentHashMap<>();
    private final IgniteBiPredicate<UUID, Object> pingListener = this::onPing;
    private final IgniteBiPredicate<UUID, Object> pongListener = this::onPong;
    /** The round new confirmations join: created, its pings not yet sent. */
    private Round pending;
    private volatile boolean closed;

    /** One ping round: who must answer and the outcome (true: a majority answered in time). */
    private static final class Round {
        final long id;
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        ScheduledFuture<?> timeout;
        int needed;
        int self;
        /** Written last by {@link #start}: once set, {@link #needed} and {@link #self} are too. */
        volatile Set<Object> reference;

        Round(long id) {
            this.id = id;
        }
    }

    MajorityPing(Ignite ignite, MajorityFence fence, long timeoutMillis) {
        this.ignite = ignite;
        this.fence = fence;
        this.timeoutMillis = timeoutMillis;
        String name = ignite.name();
        this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("botgrid-ping-timer-" + name));
        timer.setRemoveOnCancelPolicy(true);
        this.senders = Executors.newCachedThreadPool(DaemonThreads.named("botgrid-ping-send-" + name));
        ignite.message().localListen(PING_TOPIC, pingListener);
        ignite.message().localListen(PONG_TOPIC, pongListener);
    }

    /** The node's ping, with half the failure detection timeout to be answered in. */
    static MajorityPing of(Ignite ignite) {
        long detection = ignite.configuration().getFailureDetectionTimeout();
        return new MajorityPing(ignite, MajorityFence.of(ignite), Math.max(200, detection / 2));
    }

    /**
     * Completes with true once a majority of the baseline (this node included) answered a ping sent after this
     * call; with false if that did not happen within the timeout.
     */
    CompletableFuture<Boolean> confirm() {
        Round round;
        boolean fresh = false;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.completedFuture(false);
            }
            if (pending == null) {
                pending = begin();
                fresh = true;
            }
            round = pending;
        }
        if (fresh) {
            execute(() -> start(round), round);
        }
        return round.done;
    }

    /** A new round, already under its timeout. Called holding the lock. */
    private Round begin() {
        Round round = new Round(ids.incrementAndGet());
        open.put(round.id, round);
        try {
            round.timeout = timer.schedule(() -> round.done.complete(false), timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            round.done.complete(false);
        }
        round.done.whenComplete((ok, e) -> finished(round));
        return round;
    }

    private void start(Round round) {
        try {
            fence.current(ignite); // brings the reference up to date with the topology
            Set<Object> reference = fence.referenceIds();
            Object self = ignite.cluster().localNode().consistentId();
            round.needed = reference.size() / 2 + 1;
            round.self = reference.contains(self) ? 1 : 0;
            round.reference = reference;
            synchronized (this) {
                if (pending == round) {
                    pending = null; // from here on its pings may be under way: later confirmations need a new round
                }
            }
            if (reference.isEmpty() || round.self >= round.needed) {
                round.done.complete(true); // a brand-new cluster, or a majority of one
                return;
            }
            check(round); // a later round's pongs may have come first: they answer this round too
            for (ClusterNode n : ignite.cluster().forServers().forRemotes().nodes()) {
                if (reference.contains(n.consistentId())) {
                    mailbox(pings, n.id(), PING_TOPIC).post(round.id);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Majority ping {} not sent: {}", round.id, e.toString());
            synchronized (this) {
                if (pending == round) {
                    pending = null;
                }
            }
            round.done.complete(false);
        }
    }

    private void finished(Round round) {
        open.remove(round.id);
        ScheduledFuture<?> timeout = round.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        synchronized (this) {
            if (pending == round) {
                pending = null;
            }
        }
    }

    /** Completes {@code round} if a majority of its reference answered it or a later round. */
    private void check(Round round) {
        Set<Object> reference = round.reference;
        if (reference == null || round.done.isDone()) {
            return;
        }
        int count = round.self;
        for (Object peer : reference) {
            if (answeredUpTo.getOrDefault(peer, 0L) >= round.id) {
                count++;
            }
        }
        if (count >= round.needed) {
            round.done.complete(true);
        }
    }

    private boolean onPing(UUID from, Object id) {
        if (!closed && id instanceof Long n) {
            mailbox(pongs, from, PONG_TOPIC).post(n);
        }
        return true;
    }

    private boolean onPong(UUID from, Object id) {
        ClusterNode node = id instanceof Long ? ignite.cluster().node(from) : null;
        if (node == null) {
            return true;
        }
        long n = (Long) id;
        answeredUpTo.merge(node.consistentId(), n, Math::max);
        for (Round round : open.values()) {
            if (round.id <= n) {
                check(round);
            }
        }
        return true;
    }

    private Mailbox mailbox(Map<UUID, Mailbox> boxes, UUID peer, String topic) {
        if (boxes.size() > 64) {
            boxes.keySet().removeIf(id -> ignite.cluster().node(id) == null); // peers that left
        }
        return boxes.computeIfAbsent(peer, p -> new Mailbox(p, topic));
    }

    /** Runs on the send pool; once that is shut down (the node stops), fails {@code round} instead. */
    private void execute(Runnable task, Round round) {
        try {
            senders.execute(task);
        } catch (RejectedExecutionException e) {
            if (round != null) {
                round.done.complete(false);
            }
        }
    }

    /**
     * The messages to one peer on one topic: at most one send under way, and while it is, only the newest round
     * number waits (an older one is answered by the newer, see the class comment). Sends run on the pool because
     * opening a connection to a node that is cut off can block for a while.
     */
    private final class Mailbox {
        private final UUID peer;
        private final String topic;
        private long waiting;
        private boolean sending;

        Mailbox(UUID peer, String topic) {
            this.peer = peer;
            this.topic = topic;
        }

        void post(long id) {
            synchronized (this) {
                waiting = Math.max(waiting, id);
                if (sending) {
                    return;
                }
                sending = true;
            }
            execute(this::drain, null);
        }

        private void drain() {
            while (true) {
                long id;
                synchronized (this) {
                    if (waiting == 0 || closed) {
                        sending = false;
                        return;
                    }
                    id = waiting;
                    waiting = 0;
                }
                try {
                    ignite.message(ignite.cluster().forNodeId(peer)).send(topic, id);
                } catch (RuntimeException e) {
                    LOG.debug("Majority ping message to {} not sent: {}", peer, e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            pending = null;
        }
        try {
            ignite.message().stopLocalListen(PING_TOPIC, pingListener);
            ignite.message().stopLocalListen(PONG_TOPIC, pongListener);
        } catch (RuntimeException e) {
            // the node is stopping: its listeners end with it
        }
        open.values().forEach(r -> r.done.complete(false));
        timer.shutdownNow();
        senders.shutdownNow();
    }
}
