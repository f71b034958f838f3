package io.botgrid.actor.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActivationListener;
import io.botgrid.actor.ActivationListener.EndReason;
import io.botgrid.actor.ActorCallTimeoutException;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTurnFailedException;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.CommandRejectedException;
import io.botgrid.actor.InvalidActorIdException;
import io.botgrid.actor.JournalUnavailableException;
import io.botgrid.actor.MalformedCommandException;
import io.botgrid.actor.UnknownActorTypeException;
import io.botgrid.proto.v1.CallError;
import io.botgrid.proto.v1.CallErrorCode;
import io.botgrid.proto.v1.CallRequest;
import io.botgrid.proto.v1.CallResponse;
import io.botgrid.telemetry.RuntimeMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor runtime of one node: the table of live activations, delivery into their mailboxes, activation and
 * passivation, and the owner side of remote calls.
 *
 * <p>Lifecycle: NEW → RUNNING → STOPPING → STOPPED, moved by compare-and-set. In STOPPING the node takes no new
 * calls, lets turns in flight finish, passivates every actor and releases its directory entries, so the new owners
 * can activate them at once.
 */
public final class ActorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActorRuntime.class);
    private static final Map<String, ActorRuntime> INSTANCES = new ConcurrentHashMap<>();

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int STOPPING = 2;
    private static final int STOPPED = 3;

    final Ignite ignite;
    final String nodeName;
    final UUID localNodeId;
    final ActorTypes types;
    final Clock clock;
    final RuntimeMetrics metrics;
    final RuntimeExecutors executors;
    final Journal journal;
    final SnapshotStore snapshots;
    final ReminderService reminders;
    private final ActivationDirectory directory;
    private final ActivationListener listener;
    private final RuntimeSettings settings;
    private final Router router;
    private final RemoteTransport transport;
    private final Affinity<String> affinity;
    private final Map<ActorId, Activation> activations = new ConcurrentHashMap<>();
    private final AtomicLong activationNumbers = new AtomicLong();
    private final AtomicInteger lifecycle = new AtomicInteger(NEW);
    private volatile boolean halted;
    private IgnitePredicate<DiscoveryEvent> topologyListener;

    public ActorRuntime(Ignite ignite, String nodeName, ActorTypes types, RuntimeSettings settings, Clock clock,
                        RuntimeMetrics metrics, ActivationListener listener) {
        this.ignite = ignite;
        this.nodeName = nodeName;
        this.localNodeId = ignite.cluster().localNode().id();
        this.types = types;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.listener = listener;
        this.executors = new RuntimeExecutors(nodeName, settings.turnThreads(), settings.blockingThreads());
        this.affinity = ignite.affinity(Stores.JOURNAL);
        this.journal = new Journal(Stores.journal(ignite), executors.turns, metrics, settings.journalMaxInFlight(),
                settings.journalMaxBatchEvents());
        this.snapshots = new SnapshotStore(Stores.snapshots(ignite));
        this.directory = new ActivationDirectory(Stores.directory(ignite), localNodeId,
                id -> ignite.cluster().node(id) != null);
        this.router = new Router(this);
        this.reminders = new ReminderService(Stores.reminders(ignite), clock, router, executors.blocking);
        this.transport = settings.transport() == RuntimeSettings.TransportKind.COMPUTE
                ? new ComputeTransport(ignite, executors.turns)
                : new MessagingTransport(ignite, executors.turns, metrics, 512);
        metrics.gauge("botgrid_actor_activations_live", "Activations live on this node", activations::size);
    }

    /** The runtime of the Ignite instance with this name, for compute jobs arriving on it. */
    static ActorRuntime forInstance(String igniteInstanceName) {
        return INSTANCES.get(igniteInstanceName);
    }

    /** Starts taking calls. */
    public void start() {
        if (!lifecycle.compareAndSet(NEW, RUNNING)) {
            throw new IllegalStateException("runtime of " + nodeName + " was already started");
        }
        INSTANCES.put(ignite.name(), this);
        transport.start(this::receive, router);
        router.start(transport);
        topologyListener = event -> {
            if (event.type() != EventType.EVT_NODE_JOINED) {
                transport.nodeLeft(event.eventNode().id());
            }
            executors.blocking.execute(this::checkOwnership);
            return true;
        };
        ignite.events().localListen(topologyListener, EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT,
                EventType.EVT_NODE_FAILED);
        long sweep = settings.sweepInterval().toMillis();
        executors.scheduler.scheduleWithFixedDelay(() -> executors.blocking.execute(this::sweep), sweep, sweep,
                TimeUnit.MILLISECONDS);
        long tick = settings.reminderTick().toMillis();
        AtomicInteger ticking = new AtomicInteger();
        executors.scheduler.scheduleWithFixedDelay(() -> {
            if (ticking.compareAndSet(0, 1)) {
                executors.blocking.execute(() -> {
                    try {
                        if (isRunning()) {
                            reminders.tick();
                        }
                    } finally {
                        ticking.set(0);
                    }
                });
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** The client through which anything on this node calls actors. */
    public ActorClient client() {
        return router;
    }

    boolean isRunning() {
        return lifecycle.get() == RUNNING;
    }

    // ---------------------------------------------------------------- placement

    ClusterNode ownerOf(String actorKey) {
        return affinity.mapKeyToNode(actorKey);
    }

    boolean ownsPartition(int partition) {
        try {
            ClusterNode primary = affinity.mapPartitionToNode(partition);
            return primary != null && primary.id().equals(localNodeId);
        } catch (RuntimeException e) {
            return false; // cluster inactive or stopping: owning nothing is the safe answer
        }
    }

    /** Whether every copy of the actor's partition is gone (Ignite marked it lost). */
    boolean isPartitionLost(String actorKey) {
        try {
            return Stores.journal(ignite).lostPartitions().contains(affinity.partition(actorKey));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Where an actor lives now: its owner and the backup holders, by Ignite consistent id. */
    public List<String> placement(ActorId id) {
        List<String> out = new ArrayList<>();
        for (ClusterNode n : affinity.mapKeyToPrimaryAndBackups(id.asString())) {
            out.add(String.valueOf(n.consistentId()));
        }
        return out;
    }

    // ---------------------------------------------------------------- delivery

    /** Puts the envelope into the mailbox of the actor's activation here, activating it if needed. */
    void deliverLocal(Envelope envelope) {
        while (true) {
            Activation activation = activations.get(envelope.id);
            if (activation == null) {
                if (!isRunning()) {
                    envelope.redirect();
                    return;
                }
                Activation created = new Activation(this, envelope.id, envelope.actorKey,
                        affinity.partition(envelope.actorKey), activationNumbers.incrementAndGet(),
                        envelope.registration);
                activation = activations.putIfAbsent(envelope.id, created);
                if (activation == null) {
                    activation = created;
                    activation.offer(envelope);
                    Activation starting = created;
                    executors.blocking.execute(() -> activate(starting));
                    return;
                }
            }
            if (activation.offer(envelope)) {
                return;
            }
            activations.remove(envelope.id, activation);
        }
    }

    /** A message the activation can no longer take: to a new activation here, or back to its sender. */
    void redirect(Envelope envelope) {
        if (isRunning() && ownsPartition(affinity.partition(envelope.actorKey))) {
            deliverLocal(envelope);
        } else {
            envelope.redirect();
        }
    }

    private void activate(Activation activation) {
        try {
            if (!isRunning() || !ownsPartition(activation.partition)) {
                abandon(activation, null);
                return;
            }
            if (directory.claim(activation.actorKey, activation.activationNo)
                    == ActivationDirectory.Claim.BUSY) {
                abandon(activation, null);
                return;
            }
            activation.recover();
        } catch (ActorException e) {
            LOG.warn("Activation of {} failed: {}", activation.id, e.getMessage());
            abandon(activation, e);
            releaseAsync(activation);
            return;
        } catch (RuntimeException e) {
            LOG.warn("Activation of {} failed", activation.id, e);
            abandon(activation, new ActorTurnFailedException("activation of " + activation.id + " failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage()));
            releaseAsync(activation);
            return;
        }
        if (halted) {
            return;
        }
        metrics.activated(activation.registration.type());
        listener.activated(activation.id, nodeName);
        activation.markActive();
        if (!isRunning()) {
            activation.tryClose(EndReason.NODE_STOPPING);
        }
    }

    /** Activation did not happen: fail or bounce what queued, and forget the activation. */
    private void abandon(Activation activation, ActorException error) {
        activation.closeQuietly();
        activations.remove(activation.id, activation);
        if (error != null) {
            activation.failQueued(error);
        } else {
            activation.bounceQueued();
        }
    }

    /** Called by an activation as it closes (its turn loop is held, so no turn is running). */
    void reportDeactivated(Activation activation, EndReason reason) {
        if (halted) {
            return; // a crashed node reports nothing
        }
        metrics.passivated(activation.registration.type(), reason.name().toLowerCase(java.util.Locale.ROOT));
        listener.deactivated(activation.id, nodeName, reason);
    }

    /** Removes a closed activation and releases its directory entry, so a new one may start. */
    void forget(Activation activation) {
        activations.remove(activation.id, activation);
        if (!halted) {
            releaseAsync(activation);
        }
    }

    private void releaseAsync(Activation activation) {
        try {
            executors.blocking.execute(() -> release(activation));
        } catch (java.util.concurrent.RejectedExecutionException e) {
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

    // ---------------------------------------------------------------- owner side of remote calls

    /** A call that arrived from another node. */
    void receive(CallRequest request, Consumer<CallResponse> respond) {
        long callId = request.getCallId();
        if (!isRunning()) {
            respond.accept(error(callId, CallErrorCode.NODE_UNAVAILABLE, "node " + nodeName + " is stopping"));
            return;
        }
        ActorId id;
        try {
            id = new ActorId(request.getActorType(), request.getActorKey());
        } catch (InvalidActorIdException e) {
            respond.accept(error(callId, CallErrorCode.INVALID_ACTOR_KEY, e.getMessage()));
            return;
        }
        Optional<ActorTypes.Registration> registration = types.find(id.type());
        if (registration.isEmpty()) {
            respond.accept(error(callId, CallErrorCode.UNKNOWN_ACTOR_TYPE, "no actor type '" + id.type()
                    + "' is registered on node " + nodeName));
            return;
        }
        String actorKey = id.asString();
        if (!ownsPartition(affinity.partition(actorKey))) {
            respond.accept(error(callId, CallErrorCode.NOT_OWNER, nodeName + " does not own " + id));
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.getTimeoutMillis());
        String key = request.getIdempotencyKey().isEmpty() ? null : request.getIdempotencyKey();
        deliverLocal(new RemoteEnvelope(id, actorKey, registration.get(), request.getCommand(), key, deadline,
                callId, respond));
    }

    static CallResponse error(long callId, CallErrorCode code, String message) {
        return CallResponse.newBuilder().setCallId(callId)
                .setError(CallError.newBuilder().setCode(code).setMessage(message)).build();
    }

    /** The envelope of a call from another node: outcomes go back as a {@link CallResponse}. */
    private static final class RemoteEnvelope extends Envelope {
        private final long callId;
        private final Consumer<CallResponse> respond;

        RemoteEnvelope(ActorId id, String actorKey, ActorTypes.Registration registration, ByteString command,
                       String idempotencyKey, long deadlineNanos, long callId, Consumer<CallResponse> respond) {
            super(id, actorKey, registration, null, command, idempotencyKey, deadlineNanos);
            this.callId = callId;
            this.respond = respond;
        }

        @Override
        void succeed(Message reply, ByteString replyBytes) {
            respond.accept(CallResponse.newBuilder().setCallId(callId)
                    .setReply(replyBytes != null ? replyBytes : reply.toByteString()).build());
        }

        @Override
        void fail(ActorException e) {
            respond.accept(CallResponse.newBuilder().setCallId(callId).setError(CallErrors.toWire(e)).build());
        }

        @Override
        void redirect() {
            respond.accept(error(callId, CallErrorCode.NOT_OWNER, "owner of " + id + " moved"));
        }

        @Override
        void busy() {
            respond.accept(error(callId, CallErrorCode.HANDOVER_IN_PROGRESS, id
                    + " is still active on its previous owner"));
        }

        @Override
        boolean isAbandoned(long nowNanos) {
            return nowNanos - deadlineNanos > 0;
        }
    }

    // ---------------------------------------------------------------- passivation and ownership

    private void sweep() {
        if (!isRunning()) {
            return;
        }
        try {
            sweepActivations();
        } catch (RuntimeException e) {
            LOG.debug("Sweep of {} skipped: {}", nodeName, e.getMessage());
        }
    }

    private void sweepActivations() {
        long now = System.nanoTime();
        for (Activation a : activations.values()) {
            if (a.status() != Activation.ACTIVE) {
                continue;
            }
            if (!ownsPartition(a.partition)) {
                a.tryClose(EndReason.OWNER_CHANGED);
            } else if (a.idleNanos(now) > a.registration.settings().passivationIdle().toNanos()) {
                a.tryClose(EndReason.IDLE);
            }
        }
        if (transport instanceof MessagingTransport m) {
            m.forgetAbandoned();
        }
    }

    private void checkOwnership() {
        try {
            for (Activation a : activations.values()) {
                if (a.status() == Activation.ACTIVE && !ownsPartition(a.partition)) {
                    a.tryClose(EndReason.OWNER_CHANGED);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Ownership check of {} skipped: {}", nodeName, e.getMessage());
        }
    }

    /**
     * Passivates the actor if it is active here, once its turn in flight ends. Completes with whether an activation
     * was ended.
     */
    public CompletableFuture<Boolean> passivate(ActorId id) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        tryPassivate(id, done, 0);
        return done;
    }

    private void tryPassivate(ActorId id, CompletableFuture<Boolean> done, int attempt) {
        Activation a = activations.get(id);
        if (a == null) {
            done.complete(false);
        } else if (a.tryClose(EndReason.FORCED)) {
            done.complete(true);
        } else if (attempt > 500) {
            done.complete(false);
        } else {
            executors.scheduler.schedule(() -> tryPassivate(id, done, attempt + 1), 2, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the actor has a live activation on this node. */
    public boolean isActive(ActorId id) {
        Activation a = activations.get(id);
        return a != null && a.status() == Activation.ACTIVE;
    }

    /** Number of live activations on this node. */
    public int activeCount() {
        return activations.size();
    }

    // ---------------------------------------------------------------- stop

    /** Graceful stop: no new calls, turns in flight finish, every actor is passivated and released. */
    @Override
    public void close() {
        if (!lifecycle.compareAndSet(RUNNING, STOPPING)) {
            lifecycle.set(STOPPED);
            executors.close();
            return;
        }
        long deadline = System.nanoTime() + settings.stopTimeout().toNanos();
        try {
            while (!activations.isEmpty() && System.nanoTime() < deadline) {
                for (Activation a : activations.values()) {
                    if (a.status() == Activation.RECOVERING) {
                        continue;
                    }
                    if (a.tryClose(EndReason.NODE_STOPPING)) {
                        release(a);
                    }
                }
                if (!activations.isEmpty()) {
                    Thread.sleep(5); // waiting for turns in flight to end; bounded by stopTimeout
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Passivation during stop of {} failed: {}", nodeName, e.getMessage());
        }
        shutdown();
    }

    /** Abrupt stop, as if the process died: nothing is handed over. For the test kit. */
    public void halt() {
        halted = true;
        lifecycle.set(STOPPED);
        shutdown();
    }

    private void shutdown() {
        lifecycle.set(STOPPED);
        INSTANCES.remove(ignite.name(), this);
        try {
            if (topologyListener != null) {
                ignite.events().stopLocalListen(topologyListener);
            }
            transport.close();
        } catch (RuntimeException e) {
            LOG.debug("Transport of {} did not close cleanly: {}", nodeName, e.getMessage());
        }
        router.failAll(new ClusterUnavailableException("node " + nodeName + " stopped before the call completed"));
        executors.close();
    }
}
