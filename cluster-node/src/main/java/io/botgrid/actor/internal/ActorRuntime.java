package io.botgrid.actor.internal;

import io.botgrid.actor.ActivationListener;
import io.botgrid.actor.ActivationListener.EndReason;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTurnFailedException;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.telemetry.RuntimeMetrics;
import io.botgrid.util.Lifecycle;
import io.botgrid.util.Lifecycle.State;
import io.botgrid.util.Ticker;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.ignite.Ignite;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor runtime of one node: wires the parts together, delivers into activations (creating and activating them
 * as needed) and runs the node's start and stop. The parts: {@link Placement} (who owns what),
 * {@link ActivationTable} (what is live here), {@link Router} (calling side), {@link OwnerEndpoint} (owner side of
 * remote calls), {@link Sweeper} (housekeeping).
 *
 * <p>Lifecycle: NEW → RUNNING → STOPPING → STOPPED, moved by compare-and-set ({@link Lifecycle}). In STOPPING the
 * node takes no new calls, lets turns in flight finish, passivates every actor and releases its directory entries,
 * so the new owners can activate them at once.
 */
public final class ActorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActorRuntime.class);

    final Ignite ignite;
    final String nodeName;
    final UUID localNodeId;
    final ActorTypes types;
    final Clock clock;
    final Ticker ticker;
    final RuntimeMetrics metrics;
    final RuntimeExecutors executors;
    final Journal journal;
    /** Whether an actor's events may be acknowledged while partitions are lost (see {@link LostCopies}). */
    final LostCopies lostCopies;
    /** Proves a completed append was written on the majority side before it is acknowledged. */
    private final MajorityPing majorityPing;
    final SnapshotStore snapshots;
    final JournalRetention retention;
    final ReminderService reminders;
    final Placement placement;
    final RuntimeTracing tracing;
    final ActivationTable table = new ActivationTable();
    private final MajorityFence fence;
    private final ActivationDirectory directory;
    private final ActivationListener listener;
    private final RuntimeSettings settings;
    private final Router router;
    private final RemoteTransport transport;
    private final Sweeper sweeper;
    private final Lifecycle lifecycle = new Lifecycle();
    private volatile boolean halted;
    private IgnitePredicate<DiscoveryEvent> topologyListener;

    /**
     * @param openTelemetry where the runtime's spans go (API only: the node builds the SDK); the no-op instance turns
     *                      tracing off at no cost
     */
    public ActorRuntime(Ignite ignite, String nodeName, ActorTypes types, RuntimeSettings settings, Clock clock,
                        RuntimeMetrics metrics, ActivationListener listener, OpenTelemetry openTelemetry) {
        this(ignite, nodeName, types, settings, clock, Ticker.system(),
                new RuntimeExecutors(nodeName, settings.turnThreads(), settings.blockingThreads()), metrics, listener,
                openTelemetry);
    }

    /** With the monotonic clock and the pools handed in, so a test can drive time and threads. */
    ActorRuntime(Ignite ignite, String nodeName, ActorTypes types, RuntimeSettings settings, Clock clock,
                 Ticker ticker, RuntimeExecutors executors, RuntimeMetrics metrics, ActivationListener listener,
                 OpenTelemetry openTelemetry) {
        this.tracing = new RuntimeTracing(openTelemetry, nodeName);
        this.ignite = ignite;
        this.nodeName = nodeName;
        this.localNodeId = ignite.cluster().localNode().id();
        this.types = types;
        this.settings = settings;
        this.clock = clock;
        this.ticker = ticker;
        this.metrics = metrics;
        this.listener = listener;
        this.executors = executors;
        this.placement = new Placement(ignite, localNodeId);
        this.fence = MajorityFence.of(ignite);
        this.majorityPing = MajorityPing.of(ignite);
        this.lostCopies = new LostCopies(ignite);
        this.journal = new Journal(Stores.journal(ignite), Stores.directory(ignite), AckGuard.of(ignite, majorityPing),
                lostCopies, executors.turns, metrics, settings.journalMaxInFlight(), settings.journalMaxBatchEvents());
        this.snapshots = new SnapshotStore(Stores.snapshots(ignite));
        this.retention = new JournalRetention(ignite, clock, executors, this::isRunning);
        this.directory = new ActivationDirectory(Stores.directory(ignite), localNodeId,
                new TopologyView(ignite)::aliveNodes);
        this.router = new Router(this);
        this.reminders = new ReminderService(Stores.reminders(ignite), clock, router, executors.blocking);
        this.transport = settings.transport() == RuntimeSettings.TransportKind.COMPUTE
                ? new ComputeTransport(ignite, executors.turns)
                : new MessagingTransport(ignite, executors.turns, metrics, 512);
        this.sweeper = new Sweeper(this);
        metrics.loadSource(this::loadByType);
        metrics.declare(types.names(), java.util.Arrays.stream(ActivationListener.EndReason.values())
                .map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** Live activations and queued messages per actor type, for the metrics (read at scrape time only). */
    private java.util.Map<String, RuntimeMetrics.ActivationLoad> loadByType() {
        java.util.Map<String, long[]> sums = new java.util.TreeMap<>();
        for (Activation a : table.all()) {
            long[] s = sums.computeIfAbsent(a.registration.type(), t -> new long[2]);
            s[0]++;
            s[1] += a.queued();
        }
        java.util.Map<String, RuntimeMetrics.ActivationLoad> out = new java.util.TreeMap<>();
        sums.forEach((type, s) -> out.put(type, new RuntimeMetrics.ActivationLoad(s[0], s[1])));
        return out;
    }

    /** Starts taking calls. */
    /**
     * Refuses every journal append of this node with {@code reason} (calls that would persist fail with
     * {@link io.botgrid.actor.ClusterUnavailableException}; reads and replies without events go on), or takes them
     * again with null: the region is a standby, or fenced after another region was promoted over it.
     */
    public void refuseWrites(String reason) {
        journal.refuseWrites(reason);
    }

    public void start() {
        if (!lifecycle.tryTransition(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("runtime of " + nodeName + " was already started");
        }
        transport.start(new OwnerEndpoint(this), router);
        router.start(transport);
        topologyListener = event -> {
            if (event.type() != EventType.EVT_NODE_JOINED) {
                transport.nodeLeft(event.eventNode().id());
            }
            executors.blocking.execute(sweeper::checkOwnership);
            return true;
        };
        ignite.events().localListen(topologyListener, EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT,
                EventType.EVT_NODE_FAILED);
        sweeper.start(settings.sweepInterval(), settings.reminderTick());
        if (!settings.journalRetention().isZero()) {
            retention.start(settings.sweepInterval(), settings.journalRetention());
        }
    }

    /** The client through which anything on this node calls actors. */
    public ActorClient client() {
        return router;
    }

    /** Whether the runtime takes calls: started and not closing or closed. */
    public boolean isRunning() {
        return lifecycle.isRunning();
    }

    /**
     * Why this node must not serve actors now because it is cut off from the majority of the baseline nodes, or
     * null. Its writes would be refused by the storage anyway; its reads could be stale, so calls are refused whole.
     */
    String minorityReason() {
        MajorityFence.Status status = fence.current(ignite);
        return status.inMajority() ? null : status.reason();
    }

    /** Where an actor lives now: its owner and the backup holders, by Ignite consistent id. */
    public List<String> placement(ActorId id) {
        return placement.placement(id);
    }

    void forgetAbandonedTransportState() {
        if (transport instanceof MessagingTransport m) {
            m.forgetAbandoned();
        }
    }

    // ---------------------------------------------------------------- delivery

    /** Puts the envelope into the mailbox of the actor's activation here, activating it if needed. */
    void deliverLocal(Envelope envelope) {
        while (true) {
            Activation activation = table.get(envelope.id);
            if (activation == null) {
                if (!isRunning()) {
                    envelope.redirect();
                    return;
                }
                Activation created = new Activation(this, envelope.id, envelope.actorKey,
                        placement.partition(envelope.actorKey), table.nextActivationNo(), envelope.registration);
                activation = table.putIfAbsent(created);
                if (activation == null) {
                    created.offer(envelope);
                    executors.turns.execute(() -> activate(created));
                    return;
                }
            }
            if (activation.offer(envelope)) {
                return;
            }
            table.remove(activation);
        }
    }

    /** A message the activation can no longer take: to a new activation here, or back to its sender. */
    void redirect(Envelope envelope) {
        if (isRunning() && placement.ownsKey(envelope.actorKey)) {
            deliverLocal(envelope);
        } else {
            envelope.redirect();
        }
    }

    /**
     * Activates on the turn pool, where nothing waits: checks ownership, claims the actor in the directory, recovers,
     * adopts the journal head if it must. The claim (a round trip to the entry's backups), the recovery reads and the
     * adoption hold no thread: each continues on the turn pool when storage answers (at once, on the same thread, for
     * a read of local data that is done already). The activation's steps run one after the other, never at once.
     */
    private void activate(Activation activation) {
        if (!isRunning() || !placement.ownsPartition(activation.partition)) {
            abandon(activation, null);
            return;
        }
        directory.claimAsync(activation.actorKey, activation.activationNo).whenComplete((claim, error) -> {
            try {
                executors.turns.execute(() -> claimed(activation, claim, error));
            } catch (RejectedExecutionException e) {
                // The node stopped while the claim was answered; its entry, if claimed, is taken over once the node
                // has left (nothing may block here: this is an Ignite thread).
                abandon(activation, null);
            }
        });
    }

    /** The claim of {@link #activate} was answered ({@code claimError} if it failed): recover. */
    private void claimed(Activation activation, ActivationDirectory.Claim claim, Throwable claimError) {
        if (claimError != null) {
            failed(activation, claimError);
            return;
        }
        if (!claim.claimed()) {
            abandon(activation, null);
            return;
        }
        CompletableFuture<Long> recovery;
        try {
            recovery = activation.recover(claim.epoch(), claim.head());
        } catch (RuntimeException e) {
            failed(activation, e);
            return;
        }
        then(activation, recovery, recovered -> recovered(activation, claim, recovered));
    }

    /**
     * Recovery read the journal up to {@code recovered}. The head is adopted only if the journal ends elsewhere than
     * the claimed entry says (a writer that reserved and died, an entry older than heads). When they agree, as for
     * every new actor, the adoption would only re-check the epoch, and the first append checks it anyway
     * (ReserveAppend): an activation that lost its claim meanwhile is refused there and writes nothing.
     */
    private void recovered(Activation activation, ActivationDirectory.Claim claim, long recovered) {
        if (recovered == claim.head()) {
            activated(activation);
            return;
        }
        then(activation, directory.adoptHeadAsync(activation.actorKey, claim.epoch(), recovered, executors.turns),
                lost -> {
                    if (lost != null) {
                        // A newer activation claimed the actor while this one recovered: it is the owner, not this one.
                        LOG.info("Activation of {} gave way during recovery: {}", activation.id, lost);
                        abandon(activation, null);
                    } else {
                        activated(activation);
                    }
                });
    }

    /** The activation's next step once {@code step} is done: {@code next} with its value, or {@link #failed}. */
    private <T> void then(Activation activation, CompletableFuture<T> step, Consumer<T> next) {
        step.whenComplete((value, error) -> {
            if (error != null) {
                failed(activation, error);
            } else {
                next.accept(value);
            }
        });
    }

    /** Recovered and the owner: start turns. */
    private void activated(Activation activation) {
        if (halted) {
            return;
        }
        metrics.activated(activation.registration.type());
        listener.activated(activation.id, nodeName);
        activation.markActive();
        if (!isRunning()) {
            activation.requestClose(EndReason.NODE_STOPPING);
        }
    }

    /**
     * A step of the activation failed: what queued fails with the error (or, if the node is stopping and refused the
     * next step, is bounced), and the entry is released if it was claimed.
     */
    private void failed(Activation activation, Throwable error) {
        Throwable cause = OnExecutor.unwrap(error);
        if (cause instanceof RejectedExecutionException) {
            // The node stopped while storage answered: its entry, if claimed, is taken over once the node has left
            // (this may be an Ignite thread: nothing may block here).
            abandon(activation, null);
            return;
        }
        if (cause instanceof ActorException e) {
            LOG.warn("Activation of {} failed: {}", activation.id, e.getMessage());
            abandon(activation, e);
        } else {
            LOG.warn("Activation of {} failed", activation.id, cause);
            abandon(activation, new ActorTurnFailedException("activation of " + activation.id + " failed: "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        }
        releaseAsync(activation);
    }

    /** Activation did not happen: fail or bounce what queued, and forget the activation. */
    private void abandon(Activation activation, ActorException error) {
        activation.closeQuietly();
        table.remove(activation);
        if (error != null) {
            activation.failQueued(error);
        } else {
            activation.bounceQueued();
        }
        activation.abandoned();
    }

    /** Called by an activation as it closes (its turn loop is held, so no turn is running). */
    void reportDeactivated(Activation activation, EndReason reason) {
        if (halted) {
            return; // a crashed node reports nothing
        }
        metrics.passivated(activation.registration.type(), reason.name().toLowerCase(Locale.ROOT));
        listener.deactivated(activation.id, nodeName, reason);
    }

    /** Removes a closed activation and releases its directory entry, so a new one may start. */
    void forget(Activation activation) {
        table.remove(activation);
        if (!halted) {
            releaseAsync(activation);
        }
    }

    private void releaseAsync(Activation activation) {
        try {
            executors.blocking.execute(() -> release(activation));
        } catch (RejectedExecutionException e) {
            release(activation);
        }
    }

    private void release(Activation activation) {
        try {
            directory.release(activation.actorKey, activation.activationNo);
        } catch (RuntimeException e) {
            LOG.debug("Directory entry of {} not released (the next owner takes it over): {}", activation.id,
                    e.getMessage());
        }
    }

    // ---------------------------------------------------------------- forced passivation

    /** How long {@link #passivate} waits for a turn in flight to end before reporting that nothing was ended. */
    private static final long PASSIVATE_WAIT_MILLIS = 1_000;

    /**
     * Passivates the actor if it is active here, once its turn in flight ends. Completes with whether an activation
     * was ended.
     */
    public CompletableFuture<Boolean> passivate(ActorId id) {
        Activation a = table.get(id);
        if (a == null) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        a.requestClose(EndReason.FORCED).thenRun(() -> done.complete(true));
        executors.scheduler.schedule(() -> {
            if (done.complete(false)) {
                a.withdrawCloseRequest(EndReason.FORCED);
            }
        }, PASSIVATE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        return done;
    }

    /**
     * Passivates every actor active on this node (each once its turn in flight ends). A standby region's activations
     * (reads, the bot index's reconciliation) hold what their journal said when they recovered, and replication has
     * written to those journals since: at its promotion they are ended, so each recovers its whole journal at its next
     * call. Completes when each has ended or given up waiting.
     */
    public CompletableFuture<Void> passivateAll() {
        return CompletableFuture.allOf(table.all().stream().map(a -> passivate(a.id))
                .toArray(CompletableFuture[]::new));
    }

    /** Whether the actor has a live activation on this node. */
    public boolean isActive(ActorId id) {
        return table.isActive(id);
    }

    /** Number of live activations on this node. */
    public int activeCount() {
        return table.size();
    }

    // ---------------------------------------------------------------- stop

    /** Graceful stop: no new calls, turns in flight finish, every actor is passivated and released. */
    @Override
    public void close() {
        if (!lifecycle.tryTransition(State.RUNNING, State.STOPPING)) {
            lifecycle.markStopped();
            executors.close();
            return;
        }
        long deadline = ticker.nanoTime() + settings.stopTimeout().toNanos();
        try {
            passivateAll(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Passivation during stop of {} failed: {}", nodeName, e.getMessage());
        }
        shutdown();
    }

    /**
     * Asks every activation to close as soon as its turn in flight ends (one still recovering closes once it has
     * recovered), and waits for their close futures until the deadline; again while activations remain, since one
     * may have been created just before the stop.
     */
    private void passivateAll(long deadline) throws InterruptedException {
        while (!table.isEmpty()) {
            long left = deadline - ticker.nanoTime();
            if (left <= 0) {
                LOG.warn("Stop of {} gave up waiting for {} activation(s) to passivate", nodeName, table.size());
                return;
            }
            List<Activation> closing = new ArrayList<>(table.all());
            List<CompletableFuture<Void>> closed = new ArrayList<>(closing.size());
            for (Activation a : closing) {
                closed.add(a.requestClose(EndReason.NODE_STOPPING));
            }
            try {
                CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // loop: the deadline check reports what is left
            }
            for (int i = 0; i < closing.size(); i++) {
                if (closed.get(i).isDone()) {
                    release(closing.get(i)); // now, not on the pool that is about to shut down
                }
            }
        }
    }

    /** Abrupt stop, as if the process died: nothing is handed over. For the test kit. */
    public void halt() {
        halted = true;
        lifecycle.markStopped();
        shutdown();
    }

    private void shutdown() {
        lifecycle.markStopped();
        try {
            if (topologyListener != null) {
                ignite.events().stopLocalListen(topologyListener);
            }
            transport.close();
        } catch (RuntimeException e) {
            LOG.debug("Transport of {} did not close cleanly: {}", nodeName, e.getMessage());
        }
        majorityPing.close();
        router.failAll(new ClusterUnavailableException("node " + nodeName + " stopped before the call completed"));
        executors.close();
    }
}
