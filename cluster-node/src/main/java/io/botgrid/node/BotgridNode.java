package io.botgrid.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.botgrid.actor.ActivationListener;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.JournalReader;
import io.botgrid.actor.internal.ActorRuntime;
import io.botgrid.actor.internal.IgniteJournalReader;
import io.botgrid.actor.internal.RuntimeSettings;
import io.botgrid.actor.internal.StorageDiagnostics;
import io.botgrid.bots.internal.BotPlatform;
import io.botgrid.bots.internal.BotsApi;
import io.botgrid.grpc.BotgridGrpcServer;
import io.botgrid.grpc.GrpcServerConfig;
import io.botgrid.node.internal.IgniteSetup;
import io.botgrid.telemetry.RuntimeMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Botgrid node: an Ignite server node with native persistence, and the actor runtime on top.
 *
 * <p>A node is usable once its cluster is active. A new cluster activates itself on its first node; a cluster
 * restarted on its data folders activates when all the nodes it had are back, so {@link #start} does not wait for
 * that and {@link #awaitReady} does. Until then calls fail with {@link ClusterUnavailableException}.
 *
 * <p>Each node also serves the gRPC front ({@link BotgridGrpcServer}) unless {@code grpcEnabled} is false. It binds
 * its port before the node joins the cluster, so that the port (possibly chosen by the system) is published to the
 * other nodes; its health reports SERVING only while the runtime takes calls.
 *
 * <p>Lifecycle NEW → STARTING → RUNNING → STOPPING → STOPPED, by compare-and-set; {@link #close} is graceful (gRPC
 * calls in flight finish, turns finish, actors are handed over), {@link #halt} imitates a crash for tests.
 */
public final class BotgridNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotgridNode.class);

    private static final int STARTING = 1;
    private static final int RUNNING = 2;
    private static final int STOPPING = 3;
    private static final int STOPPED = 4;

    private final NodeConfig config;
    private final ActorTypes types;
    private final Clock clock;
    private final ActivationListener listener;
    private final RuntimeMetrics metrics = new RuntimeMetrics();
    private final AtomicInteger lifecycle = new AtomicInteger(STARTING);
    private final CompletableFuture<ActorRuntime> runtime = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final ActorClient client = new NodeClient();
    private final JournalReader journalReader = new IgniteJournalReader(() -> this.ignite);
    /** Completes when the cluster activates (or at once if it is active); cancelled if the node stops first. */
    private final CompletableFuture<Void> activated = new CompletableFuture<>();
    private volatile Ignite ignite;
    private volatile BotgridGrpcServer grpc;
    private final BotPlatform platform;

    private BotgridNode(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.listener = b.listener;
        this.platform = config.botsEnabled() ? BotPlatform.create(config, () -> ignite, journalReader, client, clock,
                this::ownedHere)
                : null;
        this.types = platform == null ? b.types : merge(b.types, platform.actorTypes());
    }

    private static ActorTypes merge(ActorTypes user, ActorTypes platform) {
        ActorTypes.Builder all = ActorTypes.builder();
        for (ActorTypes t : List.of(platform, user)) {
            for (String name : t.names()) {
                ActorTypes.Registration r = t.find(name).orElseThrow();
                all.register(r.type(), r.behavior(), r.settings());
            }
        }
        return all.build();
    }

    private boolean ownedHere(ActorId id) {
        Ignite i = ignite;
        return i != null && config.nodeName().equals(ownerOf(id));
    }

    public static Builder builder() {
        return new Builder();
    }

    private void start() {
        LOG.info("Starting Botgrid node {} with {}", config.nodeName(), config);
        if (config.grpcEnabled()) {
            grpc = BotgridGrpcServer.start(this, GrpcServerConfig.from(config));
        }
        ignite = Ignition.start(IgniteSetup.configuration(config, grpc == null ? -1 : grpc.port()));
        ignite.cluster().<String, Object>nodeLocalMap().put(IgniteSetup.NODE_LOCAL_KEY, this);
        if (ignite.cluster().state().active() || ignite.cluster().currentBaselineTopology() == null) {
            IgniteSetup.activateIfNew(ignite, config);
            startRuntime();
        } else {
            LOG.info("Node {} waits for the cluster to activate: baseline nodes {} must all be back",
                    config.nodeName(), ignite.cluster().currentBaselineTopology().stream()
                            .map(n -> String.valueOf(n.consistentId())).toList());
            awaitActivation();
        }
    }

    /**
     * Starts the runtime once Ignite reports the cluster activated (it does on every node, auto-activation
     * included). The listener is registered before the state is read, so an activation between the two is not
     * missed. The runtime starts on a thread of its own: the event comes on an Ignite thread, which must not block.
     */
    private void awaitActivation() {
        IgnitePredicate<Event> listener = event -> {
            activated.complete(null);
            return false; // once is enough: stop listening
        };
        ignite.events().localListen(listener, EventType.EVT_CLUSTER_ACTIVATED);
        activated.whenComplete((v, e) -> {
            try {
                ignite.events().stopLocalListen(listener);
            } catch (RuntimeException stopping) {
                // the node is stopping: its listeners end with it
            }
        });
        activated.thenRunAsync(this::startRuntimeAfterActivation, task -> {
            Thread t = new Thread(task, "botgrid-activation-" + config.nodeName());
            t.setDaemon(true);
            t.start();
        });
        if (ignite.cluster().state().active()) {
            activated.complete(null);
        }
    }

    private void startRuntimeAfterActivation() {
        try {
            if (lifecycle.get() == STARTING) {
                IgniteSetup.enableAutoAdjust(ignite, config);
                startRuntime();
            }
        } catch (RuntimeException e) {
            LOG.error("Node {} could not start its actor runtime", config.nodeName(), e);
            runtime.completeExceptionally(e);
        }
    }

    private synchronized void startRuntime() {
        if (lifecycle.get() != STARTING) {
            return;
        }
        RuntimeSettings settings = new RuntimeSettings(config.turnThreads(), config.blockingThreads(),
                config.transport(), config.journalMaxInFlight(), config.journalMaxBatchEvents(),
                config.sweepInterval(), config.reminderTick(), config.stopTimeout());
        ActorRuntime r = new ActorRuntime(ignite, config.nodeName(), types, settings, clock, metrics, listener);
        r.start();
        lifecycle.set(RUNNING);
        runtime.complete(r);
        if (platform != null) {
            platform.start();
        }
        BotgridGrpcServer front = grpc;
        if (front != null) {
            front.serving(true);
        }
        LOG.info("Botgrid node {} is up: discovery {}:{}, gRPC {}, {} node(s) in the cluster, actor types {}",
                config.nodeName(), config.host(), discoveryPort(), front == null ? "off" : config.host() + ":"
                        + front.port(), ignite.cluster().nodes().size(), types.names());
    }

    /** Waits until the node takes calls. */
    public BotgridNode awaitReady(Duration timeout) throws TimeoutException {
        try {
            runtime.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while waiting for " + config.nodeName());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("node " + config.nodeName() + " failed to start", e.getCause());
        }
    }

    public boolean isReady() {
        return runtime.isDone() && !runtime.isCompletedExceptionally() && lifecycle.get() == RUNNING;
    }

    /** The port of this node's gRPC front (the one bound, when configured as 0), or -1 if the front is off. */
    public int grpcPort() {
        BotgridGrpcServer front = grpc;
        return front == null ? -1 : front.port();
    }

    /** This node's gRPC front, if it has one. */
    public java.util.Optional<BotgridGrpcServer> grpcServer() {
        return java.util.Optional.ofNullable(grpc);
    }

    /** The actor types this node hosts. */
    public ActorTypes actorTypes() {
        return types;
    }

    /**
     * Completes when the node has stopped: by {@link #close}, by {@link #halt}, or because a {@code DrainNode} call
     * through the gRPC front took it out of the cluster.
     */
    public CompletableFuture<Void> whenStopped() {
        return stopped.copy();
    }

    /**
     * The bot platform of this node (bots, sessions, channels), for the node's fronts.
     *
     * @throws IllegalStateException if the platform is off ({@code botsEnabled: false})
     */
    public BotsApi bots() {
        if (platform == null) {
            throw new IllegalStateException("the bot platform is off on node " + config.nodeName()
                    + " (botsEnabled: false)");
        }
        return platform.api();
    }

    /** Port of the channel endpoint (Slack, webhooks), or -1 if the bot platform is off or not started yet. */
    public int endpointPort() {
        return platform == null ? -1 : platform.endpointPort();
    }

    /** Calls actors through this node. */
    public ActorClient actors() {
        return client;
    }

    /**
     * Reads actors' persisted events through this node (pages, last sequence number, live follow). Usable as soon as
     * the node is built; reads fail with {@link ClusterUnavailableException} until its cluster is active.
     */
    public JournalReader events() {
        return journalReader;
    }

    /**
     * Why this node's actor storage is not settled yet — a partition here still moving in, moving out or lost, or a
     * server node that is primary for no partition yet (its rebalance is not over) — or empty once it is. Ignite has
     * no public "rebalanced" signal; tools and tests that must wait for a topology change to settle poll this.
     */
    public Optional<String> storageUnsettled() {
        Ignite i = ignite;
        return i == null ? Optional.of("node " + config.nodeName() + " has not started")
                : Optional.ofNullable(StorageDiagnostics.unsettled(i));
    }

    public NodeConfig config() {
        return config;
    }

    public String name() {
        return config.nodeName();
    }

    /** The discovery port this node actually bound. */
    public int discoveryPort() {
        return ((TcpDiscoverySpi) ignite.configuration().getDiscoverySpi()).getLocalPort();
    }

    /** Names of the server nodes in this node's view of the cluster. */
    public List<String> clusterNodes() {
        return ignite.cluster().forServers().nodes().stream().map(n -> String.valueOf(n.consistentId())).sorted()
                .toList();
    }

    /** The names of the owner and backup nodes of an actor, owner first. */
    public List<String> placement(ActorId id) {
        return readyRuntime().placement(id);
    }

    /** Passivates the actor if it is active on this node; completes with whether it was. */
    public CompletableFuture<Boolean> passivate(ActorId id) {
        return readyRuntime().passivate(id);
    }

    /** Whether the actor has a live activation on this node. */
    public boolean isActive(ActorId id) {
        return isReady() && readyRuntime().isActive(id);
    }

    /** Live activations on this node. */
    public int activeActors() {
        return isReady() ? readyRuntime().activeCount() : 0;
    }

    /** This node's metrics. */
    public RuntimeMetrics metrics() {
        return metrics;
    }

    /** The underlying Ignite node, for tools and tests that inspect storage; null until it has started. */
    public Ignite ignite() {
        return ignite;
    }

    /** Whether Ignite considers the given node name to be the primary owner of the actor right now. */
    public String ownerOf(ActorId id) {
        ClusterNode n = ignite.affinity(io.botgrid.actor.internal.Stores.JOURNAL).mapKeyToNode(id.asString());
        return n == null ? null : String.valueOf(n.consistentId());
    }

    private ActorRuntime readyRuntime() {
        ActorRuntime r = runtime.getNow(null);
        if (r == null) {
            throw new ClusterUnavailableException("node " + config.nodeName() + " is not ready: its cluster is "
                    + "not active yet");
        }
        return r;
    }

    /**
     * Stops the actor runtime gracefully (turns finish, every actor is passivated and released) while the node stays
     * in the cluster holding its data. Calls through this node fail from then on. Used before a whole cluster is
     * deactivated and stopped, and by {@link #close}.
     */
    public void drain() {
        BotgridGrpcServer front = grpc;
        if (front != null) {
            front.serving(false);
        }
        ActorRuntime r = runtime.getNow(null);
        if (r != null) {
            try {
                r.close();
            } catch (RuntimeException e) {
                LOG.warn("Runtime of {} did not stop cleanly", config.nodeName(), e);
            }
        }
    }

    /**
     * Graceful stop: the gRPC front stops taking calls and lets those in flight finish (bounded by
     * {@code grpcShutdownTimeout}), then the runtime finishes its turns and hands every actor over (bounded by
     * {@code stopTimeout}), then the node leaves the cluster.
     */
    @Override
    public void close() {
        int state = lifecycle.get();
        if (state >= STOPPING || !lifecycle.compareAndSet(state, STOPPING)) {
            return;
        }
        activated.cancel(false);
        LOG.info("Stopping Botgrid node {}", config.nodeName());
        BotgridGrpcServer front = grpc;
        if (front != null) {
            try {
                front.close();
            } catch (RuntimeException e) {
                LOG.warn("gRPC front of {} did not stop cleanly", config.nodeName(), e);
            }
        }
        if (platform != null) {
            platform.stopIngress();
        }
        drain();
        if (platform != null) {
            platform.close();
        }
        try {
            Ignition.stop(config.nodeName(), false);
        } catch (RuntimeException e) {
            LOG.warn("Ignite of {} did not stop cleanly", config.nodeName(), e);
        }
        runtime.completeExceptionally(new ClusterUnavailableException("node " + config.nodeName() + " stopped"));
        lifecycle.set(STOPPED);
        stopped.complete(null);
        LOG.info("Botgrid node {} stopped", config.nodeName());
    }

    /**
     * Stops the node as if its process died: it stops answering discovery and communication first, so the others
     * see a failure rather than a leave, and hands nothing over. For tests of failover.
     */
    @SuppressWarnings("deprecation") // Ignite's failure simulation is deprecated but is what a crash test needs
    public void halt() {
        int state = lifecycle.get();
        if (state >= STOPPING || !lifecycle.compareAndSet(state, STOPPING)) {
            return;
        }
        activated.cancel(false);
        LOG.info("Halting Botgrid node {} (simulated crash)", config.nodeName());
        haltGrpc();
        if (platform != null) {
            platform.halt();
        }
        ActorRuntime r = runtime.getNow(null);
        if (r != null) {
            r.halt();
        }
        try {
            ((TcpDiscoverySpi) ignite.configuration().getDiscoverySpi()).simulateNodeFailure();
            ((TcpCommunicationSpi) ignite.configuration().getCommunicationSpi()).simulateNodeFailure();
        } catch (RuntimeException e) {
            LOG.debug("Failure simulation of {}: {}", config.nodeName(), e.getMessage());
        }
        try {
            Ignition.stop(config.nodeName(), true);
        } catch (RuntimeException e) {
            LOG.debug("Ignite of halted node {}: {}", config.nodeName(), e.getMessage());
        }
        runtime.completeExceptionally(new ClusterUnavailableException("node " + config.nodeName() + " halted"));
        lifecycle.set(STOPPED);
        stopped.complete(null);
    }

    private void haltGrpc() {
        BotgridGrpcServer front = grpc;
        if (front != null) {
            try {
                front.halt();
            } catch (RuntimeException e) {
                LOG.debug("gRPC front of halted node {}: {}", config.nodeName(), e.getMessage());
            }
        }
    }

    /** Routes every call through the runtime once it is there. */
    private final class NodeClient implements ActorClient {
        @Override
        public <R extends Message> CompletableFuture<R> ask(ActorId id, Message command, CallOptions options) {
            ActorRuntime r = runtime.getNow(null);
            if (r == null) {
                return CompletableFuture.failedFuture(notReady());
            }
            return r.client().ask(id, command, options);
        }

        @Override
        public CompletableFuture<ByteString> askBytes(ActorId id, ByteString command, CallOptions options) {
            ActorRuntime r = runtime.getNow(null);
            if (r == null) {
                return CompletableFuture.failedFuture(notReady());
            }
            return r.client().askBytes(id, command, options);
        }

        private ClusterUnavailableException notReady() {
            return new ClusterUnavailableException("node " + config.nodeName() + " is not ready: its cluster is "
                    + "not active yet");
        }
    }

    /** Starts a node; fails fast on missing or repeated settings. */
    public static final class Builder {
        private NodeConfig config;
        private ActorTypes types;
        private Clock clock = Clock.systemUTC();
        private ActivationListener listener = ActivationListener.NONE;

        private Builder() {
        }

        public Builder config(NodeConfig value) {
            if (config != null) {
                throw new IllegalStateException("config was already set to " + config);
            }
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        public Builder actorTypes(ActorTypes value) {
            if (types != null) {
                throw new IllegalStateException("actorTypes were already set to " + types.names());
            }
            types = Objects.requireNonNull(value, "actorTypes");
            return this;
        }

        /** The clock actors and reminders see. Defaults to the system UTC clock. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Observes activations. Defaults to none. */
        public Builder activationListener(ActivationListener value) {
            listener = Objects.requireNonNull(value, "activationListener");
            return this;
        }

        /** Starts Ignite and, once the cluster is active, the actor runtime. */
        public BotgridNode start() {
            if (config == null) {
                throw new IllegalStateException("config is required");
            }
            if (types == null) {
                types = ActorTypes.none();
            }
            BotgridNode node = new BotgridNode(this);
            try {
                node.start();
            } catch (RuntimeException e) {
                node.haltGrpc();
                try {
                    Ignition.stop(config.nodeName(), true);
                } catch (RuntimeException ignored) {
                    // nothing more to clean up
                }
                throw e;
            }
            return node;
        }
    }
}
