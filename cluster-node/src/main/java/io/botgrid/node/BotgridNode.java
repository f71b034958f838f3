package io.botgrid.node;

import io.botgrid.actor.ActivationListener;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.JournalReader;
import io.botgrid.actor.internal.ActorRuntime;
import io.botgrid.actor.internal.IgniteJournalReader;
import io.botgrid.actor.internal.RuntimeSettings;
import io.botgrid.audit.internal.IgniteAuditLog;
import io.botgrid.bots.BotHandler;
import io.botgrid.bots.internal.BotPlatform;
import io.botgrid.bots.internal.PlatformTelemetry;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.bots.plugins.internal.IgnitePluginCatalog;
import io.botgrid.bots.plugins.internal.PluginDeployer;
import io.botgrid.cluster.Quorum;
import io.botgrid.console.Console;
import io.botgrid.console.ConsoleConfig;
import io.botgrid.console.ConsolePorts;
import io.botgrid.grpc.BotgridGrpcServer;
import io.botgrid.grpc.FrontPorts;
import io.botgrid.node.internal.ActorTypeAgreement;
import io.botgrid.node.internal.ActorTypePlugins;
import io.botgrid.node.internal.ClusterJoin;
import io.botgrid.ratelimit.RateLimiter;
import io.botgrid.ratelimit.RateLimiters;
import io.botgrid.node.internal.IgniteClusterAdmin;
import io.botgrid.node.internal.IgniteMetricsBridge;
import io.botgrid.node.internal.LocalNode;
import io.botgrid.node.internal.LocalRuntime;
import io.botgrid.node.internal.NodeObserver;
import io.botgrid.node.internal.NodeReadiness;
import io.botgrid.node.internal.RegionReplication;
import io.botgrid.telemetry.HealthCheck;
import io.botgrid.telemetry.MetricsServer;
import io.botgrid.telemetry.NodeTelemetry;
import io.botgrid.telemetry.RuntimeMetrics;
import io.botgrid.util.CommonPool;
import io.botgrid.util.Lifecycle;
import io.botgrid.util.Lifecycle.State;
import io.botgrid.node.internal.NodeTracing;
import io.botgrid.node.internal.WorkerChains;
import io.opentelemetry.api.OpenTelemetry;
import io.botgrid.registry.Registry;
import io.botgrid.registry.RegistryListener;
import io.botgrid.registry.internal.IgniteRegistry;
import io.botgrid.util.DaemonThreads;
import io.botgrid.util.Scheduler;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.WorkersTelemetry;
import io.botgrid.workers.autoscale.Autoscaler;
import io.botgrid.workers.autoscale.StageLatencies;
import io.botgrid.node.internal.StageSpanProcessor;
import io.botgrid.node.internal.ServedCertificates;
import io.botgrid.node.internal.WorkerTelemetryBridge;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.botgrid.workers.cluster.WorkerCluster;
import io.botgrid.workers.cluster.internal.IgniteWorkerCluster;
import io.botgrid.workers.internal.WorkerEngine;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ignite.Ignite;
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
 * <p>Each node also serves the web console ({@link Console}, {@code /console} on {@code consolePort}) on the same
 * services as the gRPC front, unless {@code consolePort} is -1; it stops first and within its stop timeout, also when
 * the node's start fails.
 *
 * <p>Lifecycle NEW → STARTING → RUNNING → STOPPING → STOPPED ({@link Lifecycle}, by compare-and-set); {@link #close} is graceful (gRPC
 * calls in flight finish, turns finish, actors are handed over), {@link #halt} imitates a crash for tests.
 *
 * <p>The node is the composition root: it builds each component from its part of {@link NodeConfig}, hands the
 * gRPC front narrow ports ({@link FrontPorts}) and orders their start and stop. Cluster membership is
 * {@link ClusterJoin}'s, the cluster admin port {@link IgniteClusterAdmin}'s, and the runtime with the admin facade
 * for tests ({@link #placement}, {@link #passivate}, {@link #isActive}, {@link #ownerOf}) {@link LocalRuntime}'s.
 */
public final class BotgridNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotgridNode.class);
    /** The common pool's warning is about the JVM, so it is logged once per JVM, not per node. */
    private static final AtomicBoolean COMMON_POOL_WARNED = new AtomicBoolean();

    private final NodeConfig config;
    private final ActorTypes types;
    private final Clock clock;
    private final ActivationListener listener;
    private final NodeTelemetry telemetry;
    private final NodeObserver observer;
    private volatile MetricsServer metricsServer;
    private volatile boolean draining;
    private final Lifecycle lifecycle = new Lifecycle();
    private final LocalRuntime runtime;
    /** The cluster admin port: the gRPC front's, and this node's quorum for readiness. */
    private final IgniteClusterAdmin admin;
    private final JournalReader journalReader = new IgniteJournalReader(this::ignite);
    private volatile ClusterJoin cluster;
    private volatile BotgridGrpcServer grpc;
    /** The web console, or null when {@code consolePort} is -1 or it has not started. */
    private volatile Console console;
    private final RateLimiter rateLimiter;
    /** The audit log the gRPC front records into; entries are dated and swept by {@link Builder#auditClock}. */
    private final IgniteAuditLog audit;
    private final BotPlatform platform;
    /** The node's OpenTelemetry: the caller's, or built from the {@code tracing*} keys and {@code OTEL_*}. */
    private final NodeTracing tracing;
    private final boolean ownsTracing;
    private final IgniteRegistry registry;
    private final List<WorkerFunctionFactory> workerFunctions;
    private final ExecutorService workerCalls;
    private final Scheduler workersScheduler;
    private final LocalSupervisor workers;
    private volatile IgniteWorkerCluster workerCluster;
    private final StageLatencies stageLatencies;
    private final AutoCloseable workersTelemetry;
    private final Autoscaler autoscaler;
    private volatile RegionReplication replication;
    /** The handler plugins deployed to the cluster: stored in Ignite, loaded here; started with the runtime. */
    private final IgnitePluginCatalog plugins;

    private BotgridNode(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.listener = b.listener;
        this.ownsTracing = b.openTelemetry == null;
        this.stageLatencies = b.stageLatencies != null ? b.stageLatencies : new StageLatencies();
        this.tracing = b.openTelemetry == null
                ? NodeTracing.create(config.tracing(), new StageSpanProcessor(stageLatencies))
                : NodeTracing.of(b.openTelemetry);
        this.telemetry = NodeTelemetry.create(config.nodeName(), NodeObserver.eventsConfig(), clock);
        IgniteMetricsBridge.register(telemetry.registry(), this::ignite, List.of(config.dataDir().resolve("wal"),
                config.dataDir().resolve("wal-archive")));
        ServedCertificates.report(telemetry.tls(), config.grpcTlsCertFile(), config.clusterTls());
        NodeReadiness.register(telemetry.health(), new NodeReadiness.Inputs(this::ignite, this::runtimeRunning,
                config::grpcEnabled, () -> grpc != null && grpc.isRunning(), () -> draining));
        telemetry.health().addReady(new HealthCheck("in-majority", this::minorityReason));
        this.observer = new NodeObserver(config.nodeName(), telemetry.health(), telemetry.events(), ready -> {
            BotgridGrpcServer front = grpc;
            if (front != null) {
                front.serving(ready && !draining);
            }
        });
        this.runtime = new LocalRuntime(config.nodeName(), this::ignite);
        this.admin = new IgniteClusterAdmin(config.nodeName(), this::ignite, runtime::placement, new Local(),
                config.backups());
        this.registry = new IgniteRegistry(config.nodeName(), this::ignite, b.registryListener, clock);
        this.workerFunctions = List.copyOf(b.workerFunctions);
        this.workerCalls = Executors.newFixedThreadPool(2, DaemonThreads.named("botgrid-worker-calls-"
                + config.nodeName()));
        this.rateLimiter = RateLimiters.of(config.rateLimits(), clock);
        countRateLimited(telemetry, rateLimiter);
        this.audit = new IgniteAuditLog(config.nodeName(), this::ignite, config.audit(), b.auditClock);
        countAuditLost(telemetry, audit);
        this.plugins = new IgnitePluginCatalog(config.nodeName(), this::ignite,
                new PluginDeployer(config.nodeName(),
                        config.dataDir().resolve("deployed-plugins"), telemetry.events()),
                clock, PLUGIN_RECONCILE, PLUGIN_IDLE);
        this.platform = config.botsEnabled() ? BotPlatform.create(config.bots(), this::ignite, journalReader,
                runtime.client(), clock, this::ownedHere, new PlatformTelemetry(telemetry.channels(),
                        telemetry.handlers(), telemetry.events(), telemetry.llm()), tracing.openTelemetry(), b.botHandlers,
                new WorkerChains(() -> Optional.ofNullable(workerCluster)),
                new io.botgrid.node.internal.BotReceivers(this::workerCluster), rateLimiter, plugins.deployer())
                : null;
        this.types = merge(platform == null ? ActorTypes.none() : platform.actorTypes(), b.types,
                config.pluginsDir());
        this.workersScheduler = Scheduler.system("botgrid-workers-timer-" + config.nodeName());
        List<WorkerFunctionFactory> functions = new java.util.ArrayList<>(workerFunctions);
        if (platform != null) {
            functions.addAll(platform.workerFunctions()); // the bots' channel receivers (Socket Mode)
        }
        this.workers = WorkerEngine.create(config.workers(), workersScheduler, clock, functions,
                new WorkersTelemetry(tracing.workersOpenTelemetry(), telemetry.workers()::handled),
                plugins.deployer()); // worker functions of deployed plugins: plugin:<name>[@<version>]/<function>
        this.workersTelemetry = WorkerTelemetryBridge.connect(workers, telemetry.workers(), telemetry.events());
        this.autoscaler = Autoscaler.start(workers, stageLatencies, workersScheduler, clock, b.autoscaleInterval,
                telemetry.events(), telemetry.workers());
    }

    /**
     * An OpenTelemetry span processor that feeds the chain autoscaler with its stages' latency: an embedder that hands
     * the node its own OpenTelemetry ({@link Builder#openTelemetry}) adds it to its SDK's tracer provider and passes
     * the same {@code latencies} to {@link Builder#stageLatencies}; without it the autoscaler scales on backlog only.
     */
    public static SpanProcessor stageSpanProcessor(StageLatencies latencies) {
        return new StageSpanProcessor(latencies);
    }

    /** The chain autoscaler of this node (its last decisions per stage). */
    public Autoscaler autoscaler() {
        return autoscaler;
    }

    /**
     * {@code botgrid_rate_limited_total{scope="client"|"bot"}}: requests refused by the rate limits, read from the
     * limiter's own counts when scraped.
     */
    private static void countRateLimited(NodeTelemetry telemetry, RateLimiter limiter) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder()
                .name("botgrid_rate_limited_total")
                .help("Requests refused by a rate limit (gRPC RESOURCE_EXHAUSTED, HTTP 429), by scope")
                .labelNames("scope")
                .callback(cb -> {
                    cb.call(limiter.refused(RateLimiter.Scope.CLIENT), "client");
                    cb.call(limiter.refused(RateLimiter.Scope.BOT), "bot");
                })
                .register(telemetry.registry());
    }

    /** {@code botgrid_audit_entries_lost_total}: audit entries that could not be stored, read when scraped. */
    private static void countAuditLost(NodeTelemetry telemetry, IgniteAuditLog audit) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder()
                .name("botgrid_audit_entries_lost_total")
                .help("Audit entries that could not be stored (write queue full, cluster not active, node stopping)")
                .callback(cb -> cb.call(audit.lost()))
                .register(telemetry.registry());
    }

    /** The node-local workers engine: the specs placed on this node, supervised here. */
    public LocalSupervisor workers() {
        return workers;
    }

    /** Stops shipping to the standby region and following the region's role. */
    private void closeReplication() {
        RegionReplication r = replication;
        replication = null;
        if (r != null) {
            r.close();
        }
    }

    /** Stops placing and routing (the cluster side), then the local engine. */
    private void closeWorkers() {
        plugins.close();
        autoscaler.close();
        try {
            workersTelemetry.close();
        } catch (Exception e) {
            LOG.warn("Node {} could not unsubscribe its worker telemetry", config.nodeName(), e);
        }
        IgniteWorkerCluster w = workerCluster;
        if (w != null) {
            w.close();
        }
        workerCalls.shutdownNow();
        try {
            workers.close();
        } finally {
            workersScheduler.close();
        }
    }

    /**
     * The platform's types, the given ones, then those of the plugins folder's {@code ActorTypeProvider}s; a name
     * registered twice stops the start with the name.
     */
    private static ActorTypes merge(ActorTypes platform, ActorTypes user, java.nio.file.Path pluginsDir) {
        ActorTypes.Builder all = ActorTypes.builder();
        for (ActorTypes t : List.of(platform, user)) {
            for (String name : t.names()) {
                ActorTypes.Registration r = t.find(name).orElseThrow();
                all.register(r.type(), r.behavior(), r.settings());
            }
        }
        if (pluginsDir != null) {
            int providers = ActorTypePlugins.registerAll(pluginsDir, all);
            if (providers > 0) {
                LOG.info("Loaded {} actor type plugin(s) from {}", providers, pluginsDir);
            }
        }
        return all.build();
    }

    private boolean ownedHere(ActorId id) {
        return ignite() != null && config.nodeName().equals(ownerOf(id));
    }

    /**
     * Exit code of a node process that was cut off from its cluster (a healed split, or a freeze the others took for
     * a crash) and must be started again to rejoin: launchers ({@code bin/botgrid}, the systemd unit) restart on it.
     * Only with {@code haltOnCriticalFailure}; otherwise the node is left to its embedder.
     */
    public static final int REJOIN_EXIT_CODE = io.botgrid.node.internal.RejoinWatch.REJOIN_EXIT_CODE;

    /** How often every node reconciles its deployed plugins with the cluster's cache (messages make it sooner). */
    private static final Duration PLUGIN_RECONCILE = Duration.ofSeconds(5);
    /** A pinned older plugin version unused this long is unloaded; it loads again when next pinned. */
    private static final Duration PLUGIN_IDLE = Duration.ofMinutes(2);

    public static Builder builder() {
        return new Builder();
    }

    private void start() {
        lifecycle.tryTransition(State.NEW, State.STARTING);
        LOG.info("Starting Botgrid node {} with {}", config.nodeName(), config);
        if (!CommonPool.isPool() && COMMON_POOL_WARNED.compareAndSet(false, true)) {
            LOG.warn("The JVM's common fork-join pool has one thread, so every reply posted over HTTP starts a thread "
                    + "of its own; start the JVM with -D{}=2 (the botgrid command line sets it)", CommonPool.PARALLELISM_PROPERTY);
        }
        if (config.metricsPort() >= 0) {
            metricsServer = telemetry.serve(config.host(), config.metricsPort());
            LOG.info("Node {} serves metrics on http://{}:{}/metrics, health on /health/live and /health/ready",
                    config.nodeName(), config.host(), metricsServer.port());
        }
        if (config.grpcEnabled()) {
            grpc = BotgridGrpcServer.start(frontPorts(), config.grpc(), Clock.systemUTC(), telemetry.grpc(),
                    tracing.openTelemetry());
        }
        if (config.consolePort() >= 0) {
            console = startConsole();
        }
        cluster = ClusterJoin.start(config.storage(), grpc == null ? -1 : grpc.port(), new Local(),
                ActorTypeAgreement.describe(types));
        cluster.whenActive(this::startRuntime, e -> {
            LOG.error("Node {} could not start its actor runtime", config.nodeName(), e);
            runtime.future().completeExceptionally(e);
        });
    }

    /**
     * Starts the web console on the same services as the gRPC front, with its credentials and certificate. It serves
     * before the cluster is active (pages then say the cluster is not available), like the gRPC front.
     */
    private Console startConsole() {
        ConsoleConfig c = new ConsoleConfig(config.host(), config.consolePort(), config.grpcTlsCertFile(),
                config.grpcTlsKeyFile(), config.grpcApiKeys(), config.grpcJwtSecretFile(),
                CONSOLE_STOP_TIMEOUT, CONSOLE_SESSION_IDLE);
        ConsolePorts ports = new ConsolePorts(config.nodeName(), this::bots, admin, this::workerCluster,
                journalReader, audit, telemetry.registry(), this::pluginCatalog);
        try {
            return Console.start(c, ports, Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("node " + config.nodeName() + " could not start its console on "
                    + config.host() + ":" + config.consolePort() + ": " + e.getMessage(), e);
        }
    }

    /** How long a stopping console lets requests and live views finish. */
    private static final Duration CONSOLE_STOP_TIMEOUT = Duration.ofSeconds(2);
    /** A console sign-in ends after this long without a request. */
    private static final Duration CONSOLE_SESSION_IDLE = Duration.ofHours(8);

    /** Stops the web console (bounded, idempotent, also after a failed start). */
    private void closeConsole() {
        Console c = console;
        console = null;
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("Console of {} did not stop cleanly", config.nodeName(), e);
            }
        }
    }

    /**
     * The port of this node's web console (the one bound, when configured as 0), or -1 if it is off or stopped.
     */
    public int consolePort() {
        Console c = console;
        return c == null ? -1 : c.port();
    }

    /** Where this node's web console is ({@code http(s)://host:port/console}), if it serves one. */
    public Optional<java.net.URI> consoleUri() {
        return Optional.ofNullable(console).map(Console::uri);
    }

    /** What the gRPC front needs of this node, and nothing more. */
    private FrontPorts frontPorts() {
        return new FrontPorts(config.nodeName(), runtime.client(), types, journalReader, this::bots, admin,
                this::workerCluster, registry, RegionReplication.replicaOf(() -> replication),
                RegionReplication.rolesOf(() -> replication), rateLimiter, audit, this::pluginCatalog,
                RegionReplication.specsOf(() -> replication));
    }

    /**
     * The handler plugins deployed to the cluster, through this node.
     *
     * @throws IllegalStateException until the node is ready
     */
    public io.botgrid.bots.plugins.PluginCatalog pluginCatalog() {
        if (!plugins.isStarted()) {
            throw new IllegalStateException("the plugins of node " + config.nodeName() + " are not started yet");
        }
        return plugins;
    }

    /** The node's own listener (given to the builder) and the bot platform's; the given one hears first. */
    private static ActivationListener both(ActivationListener first, ActivationListener second) {
        return new ActivationListener() {
            @Override
            public void activated(ActorId id, String nodeName) {
                first.activated(id, nodeName);
                second.activated(id, nodeName);
            }

            @Override
            public void deactivated(ActorId id, String nodeName, EndReason reason) {
                first.deactivated(id, nodeName, reason);
                second.deactivated(id, nodeName, reason);
            }
        };
    }

    private synchronized void startRuntime() {
        if (lifecycle.state() != State.STARTING) {
            return;
        }
        ActorRuntime r = new ActorRuntime(ignite(), config.nodeName(), types,
                RuntimeSettings.from(config.runtime()), clock, telemetry.runtime(),
                platform == null ? listener : both(listener, platform.activationListener()), tracing.openTelemetry());
        r.start();
        if (!lifecycle.tryTransition(State.STARTING, State.RUNNING)) {
            r.halt(); // closed while the runtime was starting
            return;
        }
        registry.start();
        startWorkers();
        replication = RegionReplication.start(ignite(), r, config.nodeName(), config.region(),
                config.standbyEndpoints(), config.standbyTokenFile(), telemetry.replication(),
                workerCluster.replica(), this::promoted);
        runtime.future().complete(r);
        try {
            plugins.start(); // after the cluster is active and the runtime up: never inside a join or exchange
        } catch (RuntimeException e) {
            LOG.error("Node {} could not start following its deployed plugins", config.nodeName(), e);
        }
        if (platform != null) {
            platform.start();
        }
        observer.watch(ignite());
        observer.evaluateNow(); // the gRPC health turns SERVING once every readiness check holds
        BotgridGrpcServer front = grpc;
        LOG.info("Botgrid node {} is up: discovery {}:{}, gRPC {}, {} node(s) in the cluster, actor types {}",
                config.nodeName(), config.host(), discoveryPort(), front == null ? "off" : config.host() + ":"
                        + front.port(), ignite().cluster().nodes().size(), types.names());
    }

    /** This node's part after its region, a standby, was promoted: what replication does not write is re-derived. */
    private void promoted() {
        if (platform != null) {
            platform.reindexAfterPromotion();
        }
    }

    /** The cluster side of workers: places the cluster's specs and runs those placed here on {@link #workers}. */
    private void startWorkers() {
        ignite().cluster().<String, Object>nodeLocalMap().put(Autoscaler.NODE_LOCAL_KEY, autoscaler);
        workerCluster = IgniteWorkerCluster.start(config.nodeName(), ignite(), workers, registry,
                config.workerSpecs(), actor -> Optional.ofNullable(ownerOfKey(actor)), clock, workerCalls,
                Duration.ofSeconds(1));
    }

    private String ownerOfKey(String actor) {
        int slash = actor.indexOf('/');
        return slash < 0 ? null : runtime.ownerOf(ActorId.of(actor.substring(0, slash), actor.substring(slash + 1)));
    }

    /**
     * Workers across the cluster through this node: durable specs, status, send, broadcast, push.
     *
     * @throws IllegalStateException until the node is ready
     */
    public WorkerCluster workerCluster() {
        IgniteWorkerCluster w = workerCluster;
        if (w == null) {
            throw new IllegalStateException("the workers of node " + config.nodeName() + " are not started yet");
        }
        return w;
    }

    /** Waits until the node takes calls. */
    public BotgridNode awaitReady(Duration timeout) throws TimeoutException {
        try {
            runtime.future().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while waiting for " + config.nodeName());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("node " + config.nodeName() + " failed to start", e.getCause());
        }
    }

    private boolean runtimeRunning() {
        ActorRuntime r = runtime.now();
        return isReady() && r != null && r.isRunning();
    }

    public boolean isReady() {
        return runtime.started() && lifecycle.isRunning();
    }

    /** The port of this node's gRPC front (the one bound, when configured as 0), or -1 if the front is off. */
    public int grpcPort() {
        BotgridGrpcServer front = grpc;
        return front == null ? -1 : front.port();
    }

    /** This node's gRPC front, if it has one. */
    public Optional<BotgridGrpcServer> grpcServer() {
        return Optional.ofNullable(grpc);
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
        return lifecycle.stopped();
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

    /**
     * The cluster-wide registry of names, on behalf of processes of this node. Usable once the node is ready; fails
     * with {@link IllegalStateException} while the cluster is not active.
     */
    public Registry registry() {
        return registry;
    }

    /** Calls actors through this node. */
    public ActorClient actors() {
        return runtime.client();
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
        return runtime.storageUnsettled();
    }

    public NodeConfig config() {
        return config;
    }

    public String name() {
        return config.nodeName();
    }

    /** The discovery port this node actually bound. */
    public int discoveryPort() {
        return cluster.discoveryPort();
    }

    /** Names of the server nodes in this node's view of the cluster. */
    public List<String> clusterNodes() {
        return ignite().cluster().forServers().nodes().stream().map(n -> String.valueOf(n.consistentId())).sorted()
                .toList();
    }

    /** The names of the owner and backup nodes of an actor, owner first. */
    public List<String> placement(ActorId id) {
        return runtime.placement(id);
    }

    /** Passivates the actor if it is active on this node; completes with whether it was. */
    public CompletableFuture<Boolean> passivate(ActorId id) {
        return runtime.passivate(id);
    }

    /** Whether the actor has a live activation on this node. */
    public boolean isActive(ActorId id) {
        return isReady() && runtime.isActive(id);
    }

    /** Live activations on this node. */
    public int activeActors() {
        return isReady() ? runtime.activeCount() : 0;
    }

    /**
     * Whether this node is on a side of the cluster holding a strict majority of the baseline nodes (majority
     * fencing): it serves nothing otherwise, so readiness checks read this. Fails while the node has not joined.
     */
    public Quorum quorum() {
        return admin.quorum();
    }

    /** Why this node is fenced (not on a majority side), for readiness; empty when it is on a majority side. */
    private Optional<String> minorityReason() {
        Quorum q;
        try {
            q = quorum();
        } catch (RuntimeException e) {
            return Optional.of("not in a cluster yet");
        }
        return q.inMajority() ? Optional.empty() : Optional.of(q.reason());
    }

    /** This node's actor runtime metrics. */
    public RuntimeMetrics metrics() {
        return telemetry.runtime();
    }

    /** This node's telemetry: its metrics registry, sampled events and health checks. */
    public NodeTelemetry telemetry() {
        return telemetry;
    }

    /**
     * The port of this node's observability endpoint ({@code /metrics}, {@code /health/live}, {@code /health/ready};
     * the one bound, when configured as 0), or -1 if it is off.
     */
    public int metricsPort() {
        MetricsServer m = metricsServer;
        return m == null ? -1 : m.port();
    }

    /** The underlying Ignite node, for tools and tests that inspect storage; null until it has started. */
    public Ignite ignite() {
        ClusterJoin c = cluster;
        return c == null ? null : c.ignite();
    }

    /** Whether Ignite considers the given node name to be the primary owner of the actor right now. */
    public String ownerOf(ActorId id) {
        return runtime.ownerOf(id);
    }

    /**
     * Stops the actor runtime gracefully (turns finish, every actor is passivated and released) while the node stays
     * in the cluster holding its data. Calls through this node fail from then on. Used before a whole cluster is
     * deactivated and stopped, and by {@link #close}.
     */
    public void drain() {
        draining = true;
        observer.evaluateSoon();
        BotgridGrpcServer front = grpc;
        if (front != null) {
            front.serving(false);
        }
        ActorRuntime r = runtime.now();
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
        if (!beginStop()) {
            return;
        }
        ClusterJoin c = cluster;
        if (c != null) {
            c.cancel();
        }
        LOG.info("Stopping Botgrid node {}", config.nodeName());
        draining = true;
        closeConsole();
        BotgridGrpcServer front = grpc;
        if (front != null) {
            try {
                front.close();
            } catch (RuntimeException e) {
                LOG.warn("gRPC front of {} did not stop cleanly", config.nodeName(), e);
            }
        }
        audit.close(); // after the front: the entries of its last calls are stored before the node leaves
        if (platform != null) {
            platform.stopIngress();
        }
        closeWorkers();
        closeReplication();
        drain();
        registry.close();
        if (platform != null) {
            platform.close();
        }
        if (c != null) {
            c.leave();
        }
        runtime.future().completeExceptionally(new ClusterUnavailableException("node " + config.nodeName()
                + " stopped"));
        stopTelemetry();
        closeTracing();
        lifecycle.tryTransition(State.STOPPING, State.STOPPED);
        LOG.info("Botgrid node {} stopped", config.nodeName());
    }

    /** Moves to STOPPING from any earlier state; false when another call is already stopping (or stopped) it. */
    private boolean beginStop() {
        for (State from : new State[] {State.NEW, State.STARTING, State.RUNNING}) {
            if (lifecycle.tryTransition(from, State.STOPPING)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops the node as if its process died: it stops answering discovery and communication first, so the others
     * see a failure rather than a leave, and hands nothing over. For tests of failover.
     */
    public void halt() {
        if (!beginStop()) {
            return;
        }
        ClusterJoin c = cluster;
        if (c != null) {
            c.cancel();
        }
        LOG.info("Halting Botgrid node {} (simulated crash)", config.nodeName());
        closeConsole();
        haltGrpc();
        audit.close(Duration.ZERO);
        closeWorkers();
        closeReplication();
        if (platform != null) {
            platform.halt();
        }
        ActorRuntime r = runtime.now();
        if (r != null) {
            r.halt();
        }
        registry.close();
        if (c != null) {
            c.crash();
        }
        runtime.future().completeExceptionally(new ClusterUnavailableException("node " + config.nodeName()
                + " halted"));
        stopTelemetry();
        closeTracing();
        lifecycle.tryTransition(State.STOPPING, State.STOPPED);
    }

    /** Stops the readiness follower and the observability port, and publishes the events held. */
    private void stopTelemetry() {
        observer.close();
        MetricsServer m = metricsServer;
        if (m != null) {
            m.close();
        }
        telemetry.close();
    }

    private void closeTracing() {
        if (ownsTracing) {
            tracing.close(); // flushes spans still queued for the exporter
        }
    }

    /** The OpenTelemetry this node records its spans with (the no-op instance when tracing is off). */
    public OpenTelemetry openTelemetry() {
        return tracing.openTelemetry();
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

    /** This node as jobs from other nodes see it (activation counts, drain). */
    private final class Local implements LocalNode {
        @Override
        public String name() {
            return config.nodeName();
        }

        @Override
        public boolean isReady() {
            return BotgridNode.this.isReady();
        }

        @Override
        public int activeActors() {
            return BotgridNode.this.activeActors();
        }

        @Override
        public void close() {
            BotgridNode.this.close();
        }
    }

    /** Starts a node; fails fast on missing or repeated settings. */
    public static final class Builder {
        private NodeConfig config;
        private ActorTypes types;
        private Clock clock = Clock.systemUTC();
        private Clock auditClock = Clock.systemUTC();
        private ActivationListener listener = ActivationListener.NONE;
        private OpenTelemetry openTelemetry;
        private RegistryListener registryListener = RegistryListener.NONE;
        private List<WorkerFunctionFactory> workerFunctions = List.of();
        private List<BotHandler> botHandlers = List.of();
        private StageLatencies stageLatencies;
        private Duration autoscaleInterval = Duration.ofSeconds(1);

        private Builder() {
        }

        /**
         * Where the chain stages' latency is gathered when the embedder's OpenTelemetry carries
         * {@link #stageSpanProcessor(StageLatencies)}; the node makes its own otherwise.
         */
        public Builder stageLatencies(StageLatencies value) {
            stageLatencies = Objects.requireNonNull(value, "stageLatencies");
            return this;
        }

        /** How often the chain autoscaler looks at the stages. Defaults to 1 s. */
        public Builder autoscaleInterval(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("autoscaleInterval must be positive, got " + value);
            }
            autoscaleInterval = value;
            return this;
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

        /**
         * The clock audit entries are dated with and their retention ({@code auditRetention}) is measured with.
         * Defaults to the system UTC clock. Separate from {@link #clock} because a test that moves the audit log's
         * time (to see the retention sweep at work) must not move actors' reminders or JWT expiry with it.
         */
        public Builder auditClock(Clock value) {
            auditClock = Objects.requireNonNull(value, "auditClock");
            return this;
        }

        /** Observes activations. Defaults to none. */
        public Builder activationListener(ActivationListener value) {
            listener = Objects.requireNonNull(value, "activationListener");
            return this;
        }

        /** Observes registrations, unregistrations and cleanups of the registry, as this node makes them. */
        public Builder registryListener(RegistryListener value) {
            registryListener = Objects.requireNonNull(value, "registryListener");
            return this;
        }

        /** Worker functions beside the built-ins and plugins (an embedding application's, or tests'). */
        public Builder workerFunctions(List<WorkerFunctionFactory> value) {
            workerFunctions = List.copyOf(value);
            return this;
        }

        /**
         * Bot handlers beside the built-ins and the plugins folder's (an embedding application's, or tests'): the
         * same rules apply, a name taken twice stops the start.
         */
        public Builder botHandlers(List<? extends BotHandler> value) {
            botHandlers = List.copyOf(value);
            return this;
        }

        /** Starts Ignite and, once the cluster is active, the actor runtime. */
        /**
         * The OpenTelemetry the node records its spans with, instead of the one it would build from its
         * {@code tracing*} keys and the {@code OTEL_*} environment; the caller keeps it and closes it.
         */
        public Builder openTelemetry(OpenTelemetry value) {
            openTelemetry = Objects.requireNonNull(value, "openTelemetry");
            return this;
        }

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
                node.closeConsole();
                node.haltGrpc();
                node.stopTelemetry();
                ClusterJoin.stop(config.nodeName(), true);
                throw e;
            }
            return node;
        }
    }
}
