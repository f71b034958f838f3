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
import java.util.concurrent.ScheduledExecutorService;
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
 * <p>Cost: one messaging round trip per confirmation. Rounds are shared: a write that completes while a round is in
 * flight waits for the next round (the one in flight was sent before it completed and proves nothing for it), and
 * every write that completed before that next round starts shares it.
 */
final class MajorityPing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MajorityPing.class);
    static final String PING_TOPIC = "botgrid.majority-ping";
    static final String PONG_TOPIC = "botgrid.majority-pong";

    private final Ignite ignite;
    private final MajorityFence fence;
    private final long timeoutMillis;
    private final ScheduledExecutorService timer;
    private final ExecutorService senders;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Round> open = new ConcurrentHashMap<>();
    private final IgniteBiPredicate<UUID, Object> pingListener = this::onPing;
    private final IgniteBiPredicate<UUID, Object> pongListener = this::onPong;
    private Round inFlight;
    private Round next;
    private volatile boolean closed;

    /** One ping round: who must answer, who did, and the outcome (true: a majority answered in time). */
    private static final class Round {
        final long id;
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final Set<Object> answered = ConcurrentHashMap.newKeySet();
        volatile ScheduledFuture<?> timeout;
        Set<Object> reference = Set.of();
        int needed;
        int self;

        Round(long id) {
            this.id = id;
        }
    }

    MajorityPing(Ignite ignite, MajorityFence fence, long timeoutMillis) {
        this.ignite = ignite;
        this.fence = fence;
        this.timeoutMillis = timeoutMillis;
        String name = ignite.name();
        ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1,
                DaemonThreads.named("botgrid-ping-timer-" + name));
        timeouts.setRemoveOnCancelPolicy(true);
        this.timer = timeouts;
        this.senders = Executors.newFixedThreadPool(2, DaemonThreads.named("botgrid-ping-send-" + name));
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
        synchronized (this) {
            if (closed) {
                return CompletableFuture.completedFuture(false);
            }
            if (inFlight == null) {
                inFlight = new Round(ids.incrementAndGet());
                Round round = inFlight;
                execute(() -> start(round), round);
                return round.done;
            }
            if (next == null) {
                next = new Round(ids.incrementAndGet());
            }
            return next.done;
        }
    }

    private void start(Round round) {
        round.done.whenComplete((ok, e) -> finished(round));
        if (closed) {
            round.done.complete(false);
            return;
        }
        try {
            fence.current(ignite); // brings the reference up to date with the topology
            Set<Object> reference = fence.referenceIds();
            Object self = ignite.cluster().localNode().consistentId();
            round.reference = reference;
            round.needed = reference.size() / 2 + 1;
            round.self = reference.contains(self) ? 1 : 0;
            if (reference.isEmpty() || round.self >= round.needed) {
                round.done.complete(true); // a brand-new cluster, or a majority of one
                return;
            }
            open.put(round.id, round);
            round.timeout = timer.schedule(() -> round.done.complete(false), timeoutMillis, TimeUnit.MILLISECONDS);
            for (ClusterNode n : ignite.cluster().forServers().forRemotes().nodes()) {
                if (reference.contains(n.consistentId())) {
                    execute(() -> send(n.id(), PING_TOPIC, round.id), round);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Majority ping {} not sent: {}", round.id, e.toString());
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
            if (inFlight != round) {
                return;
            }
            inFlight = next;
            next = null;
            if (inFlight != null) {
                Round following = inFlight;
                execute(() -> start(following), following);
            }
        }
    }

    private boolean onPing(UUID from, Object id) {
        if (!closed) {
            execute(() -> send(from, PONG_TOPIC, id), null);
        }
        return true;
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

    private boolean onPong(UUID from, Object id) {
        Round round = id instanceof Long l ? open.get(l) : null;
        ClusterNode node = round == null ? null : ignite.cluster().node(from);
        if (node != null && round.reference.contains(node.consistentId())) {
            round.answered.add(node.consistentId());
            if (round.answered.size() + round.self >= round.needed) {
                round.done.complete(true);
            }
        }
        return true;
    }

    /** Sends on a pool thread: opening a connection to a node that is cut off can block for a while. */
    private void send(UUID to, String topic, Object id) {
        try {
            ignite.message(ignite.cluster().forNodeId(to)).send(topic, id);
        } catch (RuntimeException e) {
            LOG.debug("Majority ping message to {} not sent: {}", to, e.toString());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (Round r : new Round[] {inFlight, next}) {
                if (r != null) {
                    r.done.complete(false);
                }
            }
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
