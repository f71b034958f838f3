package io.botgrid.testkit;

import io.botgrid.actor.ActivationListener;
import io.botgrid.actor.ActorClient;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.bots.BotHandler;
import io.botgrid.node.BotgridNode;
import io.botgrid.node.NodeConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.botgrid.registry.RegistryListener;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.ignite.cluster.ClusterState;

/**
 * Several real Botgrid nodes in one JVM, in the spirit of Orleans' {@code TestCluster}: each node has its own data
 * folder and the cluster its own port ranges, so clusters of concurrent test JVMs never meet. Nodes can be stopped
 * gracefully, killed abruptly (the others see a failure, nothing is handed over) and restarted on their data.
 *
 * <p>Node {@code i} is named {@code node-i} (see {@link Builder#namePrefix}). Defaults suit tests: a 3 s failure detection, baseline adjusted at once,
 * fast sweeps and reminder ticks, a gRPC front on a free port of 127.0.0.1 ({@link BotgridNode#grpcPort()}). Close the cluster (try-with-resources) to stop every node and delete the data.
 */
public final class TestCluster implements AutoCloseable {
    private final ActorTypes types;
    private final ActivationListener listener;
    private final OpenTelemetry openTelemetry;
    private final RegistryListener registryListener;
    private final Clock auditClock;
    private final List<WorkerFunctionFactory> workerFunctions;
    private final List<BotHandler> botHandlers;
    private final UnaryOperator<NodeConfig.Builder> customizer;
    private final List<String> zones;
    private final boolean console;
    private final String namePrefix;
    private final Path dataRoot;
    private final boolean ownsDataRoot;
    private final int discoveryBase;
    private final int communicationBase;
    private final int width;
    private final List<BotgridNode> nodes = new ArrayList<>();
    private volatile int externalNodes;
    private volatile boolean closed;
    private final java.util.Set<Integer> up = new java.util.concurrent.ConcurrentSkipListSet<>();

    private TestCluster(Builder b) throws IOException {
        this.types = b.types;
        this.listener = b.listener;
        this.openTelemetry = b.openTelemetry;
        this.registryListener = b.registryListener;
        this.auditClock = b.auditClock;
        this.workerFunctions = b.workerFunctions;
        this.botHandlers = b.botHandlers;
        this.customizer = b.customizer;
        this.zones = b.zones;
        this.console = b.console;
        this.namePrefix = b.namePrefix;
        this.ownsDataRoot = b.dataRoot == null;
        this.dataRoot = b.dataRoot != null ? b.dataRoot : Files.createTempDirectory("botgrid-test-");
        this.width = Math.max(b.nodes + 4, 8);
        this.discoveryBase = Ports.freeRange(width * 2);
        this.communicationBase = discoveryBase + width;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configuration node {@code i} gets; also what {@link NodeProcess} uses to join this cluster. */
    public NodeConfig configFor(int i) {
        NodeConfig.Builder b = NodeConfig.builder()
                .nodeName(namePrefix + "-" + i)
                .dataDir(dataRoot.resolve("node-" + i))
                .discoveryPort(discoveryBase)
                .communicationPort(communicationBase)
                .portRange(width - 1)
                .seeds(List.of("127.0.0.1:" + discoveryBase + ".." + (discoveryBase + width - 1)))
                .failureDetectionTimeout(Duration.ofSeconds(3))
                .baselineAutoAdjust(Duration.ZERO)
                .dataRegionSizeMb(128)
                .sweepInterval(Duration.ofMillis(100))
                .reminderTick(Duration.ofMillis(100))
                .stopTimeout(Duration.ofSeconds(5))
                .haltOnCriticalFailure(false)
                .grpcPort(0)
                .endpointPort(0)
                .metricsPort(0)
                .consolePort(console ? 0 : -1);
        if (!zones.isEmpty()) {
            b.zone(zoneOf(i)).zones(zones).zoneAwareBackups(true);
        }
        return customizer.apply(b).build();
    }

    private void startAll(int count) {
        for (int i = 0; i < count; i++) {
            nodes.add(null);
        }
        for (int i = 0; i < count; i++) {
            startNode(i);
        }
        awaitStable();
    }

    /** Starts (or restarts, on its data folder) node {@code i}; does not wait for the cluster to activate. */
    public BotgridNode startNode(int i) {
        while (nodes.size() <= i) {
            nodes.add(null);
        }
        BotgridNode current = nodes.get(i);
        if (current != null && current.isReady()) {
            throw new IllegalStateException("node-" + i + " is already running");
        }
        BotgridNode.Builder builder = BotgridNode.builder().config(configFor(i)).actorTypes(types)
                .activationListener(listener).registryListener(registryListener).workerFunctions(workerFunctions)
                .botHandlers(botHandlers).auditClock(auditClock);
        if (openTelemetry != null) {
            builder.openTelemetry(openTelemetry);
        }
        BotgridNode node = builder.start();
        nodes.set(i, node);
        up.add(i);
        return node;
    }

    /** Graceful stop of node {@code i}: turns finish, actors are handed over. */
    public void stopNode(int i) {
        BotgridNode node = nodes.get(i);
        up.remove(i);
        if (node != null) {
            node.close();
        }
    }

    /** Abrupt stop of node {@code i}, as a crash: the others detect a failure; nothing is handed over. */
    public void killNode(int i) {
        BotgridNode node = nodes.get(i);
        up.remove(i);
        if (node != null) {
            node.halt();
        }
    }

    /**
     * Stops every node, the way an operator stops a whole cluster: the cluster is deactivated first so that the
     * baseline keeps every node and the restart finds all data where it was.
     */
    public void stopAll() {
        List<BotgridNode> running = live().toList();
        running.forEach(BotgridNode::drain);
        running.stream().findFirst().ifPresent(n -> n.ignite().cluster().state(ClusterState.INACTIVE));
        for (int i = nodes.size() - 1; i >= 0; i--) {
            stopNode(i);
        }
    }

    /** Starts every node again on its data folder (all at once, as the cluster activates when all are back). */
    public void restartAll() {
        for (int i = 0; i < nodes.size(); i++) {
            startNode(i);
        }
        awaitStable();
    }

    public BotgridNode node(int i) {
        if (closed) {
            throw new IllegalStateException("the cluster is closed");
        }
        return Objects.requireNonNull(nodes.get(i), "node-" + i + " was never started");
    }

    public int size() {
        return nodes.size();
    }

    /** The running nodes that are ready. */
    public Stream<BotgridNode> live() {
        return up.stream().map(nodes::get).filter(BotgridNode::isReady);
    }

    /** A client through the first running node. */
    public ActorClient client() {
        return live().findFirst().orElseThrow(() -> new IllegalStateException("no node is running")).actors();
    }

    /** The running node that owns {@code id}, per its own view. */
    public Optional<BotgridNode> ownerOf(ActorId id) {
        return live().filter(n -> n.name().equals(n.ownerOf(id))).findFirst();
    }

    /** Passivates the actor wherever it is active; returns whether it was active somewhere. */
    public boolean passivate(ActorId id) {
        boolean any = false;
        for (BotgridNode n : live().toList()) {
            any |= n.passivate(id).join();
        }
        return any;
    }

    /**
     * Waits until every running node is ready, all see the same set of server nodes, and Ignite has no rebalance
     * or baseline change pending: then ownership is settled. Default timeout 60 s.
     */
    public void awaitStable() {
        awaitStable(Duration.ofSeconds(60));
    }

    public void awaitStable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i : up) {
            BotgridNode n = nodes.get(i);
            try {
                n.awaitReady(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (TimeoutException e) {
                throw new IllegalStateException("node " + n.name() + " did not become ready within " + timeout, e);
            }
        }
        String[] why = new String[1];
        try {
            waitUntil(deadline, timeout, "a stable topology", () -> (why[0] = unstable()) == null);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": " + why[0], e);
        }
    }

    /** Why the topology is not stable yet, or null if it is. */
    private String unstable() {
        List<BotgridNode> running = live().toList();
        if (running.isEmpty()) {
            return null;
        }
        List<String> names = running.stream().map(BotgridNode::name).sorted().toList();
        int expected = names.size() + externalNodes;
        if (running.size() != up.size()) {
            return running.size() + " nodes running, " + up.size() + " started";
        }
        for (BotgridNode n : running) {
            try {
                List<String> seen = n.clusterNodes();
                if (seen.size() != expected || !seen.containsAll(names)) {
                    return n.name() + " sees " + seen + ", expected " + expected + " nodes";
                }
                var cluster = n.ignite().cluster();
                if (!cluster.state().active()) {
                    return n.name() + ": cluster not active";
                }
                var baseline = cluster.currentBaselineTopology();
                if (baseline == null || baseline.size() != expected) {
                    return n.name() + ": baseline " + (baseline == null ? "none" : baseline.size() + " nodes");
                }
                Optional<String> storage = n.storageUnsettled();
                if (storage.isPresent()) {
                    return n.name() + ": " + storage.get();
                }
            } catch (RuntimeException e) {
                return n.name() + ": " + e;
            }
        }
        return null;
    }

    private static void waitUntil(long deadline, Duration timeout, String what, BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached: " + what + " within " + timeout);
            }
            try {
                Thread.sleep(20); // polling Ignite's state; there is no event for "rebalanced and settled"
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /**
     * Tells {@link #awaitStable} how many nodes outside this JVM (see {@link NodeProcess}) belong to the cluster.
     */
    public void expectExternalNodes(int count) {
        externalNodes = count;
    }

    /** The zone of node {@code i}: with {@link Builder#zones}, zone {@code i mod n}; else the default zone. */
    public String zoneOf(int i) {
        return zones.isEmpty() ? NodeConfig.defaults().zone() : zones.get(i % zones.size());
    }

    /** The folder under which node {@code i} keeps its data. */
    public Path dataDir(int i) {
        return dataRoot.resolve("node-" + i);
    }

    public Path dataRoot() {
        return dataRoot;
    }

    /** Stops every node still running and deletes the data folder if the kit created it. */
    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            BotgridNode n = nodes.get(i);
            if (n != null) {
                try {
                    n.close();
                } catch (RuntimeException e) {
                    n.halt();
                }
            }
        }
        // A closed cluster holds no node: test classes keep their cluster in a static field after @AfterAll, and
        // each closed node still references its whole Ignite instance (tens of MB), so hundreds of test classes in
        // one JVM would keep them all
        nodes.clear();
        up.clear();
        closed = true;
        if (ownsDataRoot) {
            delete(dataRoot);
        }
    }

    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configures and starts a {@link TestCluster}; fails fast on missing or repeated settings. */
    public static final class Builder {
        private int nodes = 3;
        private ActorTypes types;
        private ActivationListener listener = ActivationListener.NONE;
        private OpenTelemetry openTelemetry;
        private RegistryListener registryListener = RegistryListener.NONE;
        private Clock auditClock = Clock.systemUTC();
        private List<WorkerFunctionFactory> workerFunctions = List.of();
        private List<BotHandler> botHandlers = List.of();
        private UnaryOperator<NodeConfig.Builder> customizer = UnaryOperator.identity();
        private List<String> zones = List.of();
        private boolean console;
        private String namePrefix = "node";
        private Path dataRoot;
        private boolean customized;

        private Builder() {
        }

        /** Number of nodes started at once. Defaults to 3. */
        public Builder nodes(int value) {
            if (value < 1 || value > 16) {
                throw new IllegalArgumentException("nodes must be 1-16, got " + value);
            }
            nodes = value;
            return this;
        }

        public Builder actorTypes(ActorTypes value) {
            if (types != null) {
                throw new IllegalStateException("actorTypes were already set to " + types.names());
            }
            types = Objects.requireNonNull(value, "actorTypes");
            return this;
        }

        public Builder activationListener(ActivationListener value) {
            listener = Objects.requireNonNull(value, "activationListener");
            return this;
        }

        /**
         * One OpenTelemetry that every node records its spans with (e.g. an SDK with an in-memory exporter, to
         * check a trace across nodes); the caller closes it. Defaults to each node's own, from its configuration.
         */
        public Builder openTelemetry(OpenTelemetry value) {
            openTelemetry = Objects.requireNonNull(value, "openTelemetry");
            return this;
        }

        /** Observes every node's registry changes (each change is reported once, by the node that made it). */
        public Builder registryListener(RegistryListener value) {
            registryListener = Objects.requireNonNull(value, "registryListener");
            return this;
        }

        /**
         * The clock every node's audit log dates entries with and measures {@code auditRetention} with (see
         * {@code BotgridNode.Builder#auditClock}): a test moves it to see old entries swept. Defaults to the system
         * UTC clock.
         */
        public Builder auditClock(Clock value) {
            auditClock = Objects.requireNonNull(value, "auditClock");
            return this;
        }

        /** Worker functions every node offers beside the built-ins (e.g. a test's crashing function). */
        public Builder workerFunctions(List<WorkerFunctionFactory> value) {
            workerFunctions = List.copyOf(value);
            return this;
        }

        /** Bot handlers every node offers beside the built-ins (e.g. a test's handler that calls actors). */
        public Builder botHandlers(List<? extends BotHandler> value) {
            botHandlers = List.copyOf(value);
            return this;
        }

        /**
         * Turns every node's web console on, on a free port ({@code BotgridNode#consoleUri()}). Off by default: a
         * test cluster serves no console unless the test looks at it.
         */
        public Builder console() {
            console = true;
            return this;
        }

        /** Adjusts every node's configuration after the kit's defaults (ports and names stay the kit's). */
        public Builder configure(UnaryOperator<NodeConfig.Builder> value) {
            if (customized) {
                throw new IllegalStateException("configure was already called");
            }
            customized = true;
            customizer = Objects.requireNonNull(value, "configure");
            return this;
        }

        /**
         * Spreads the nodes over these zones, round robin (node {@code i} in zone {@code i mod n}, also for
         * {@link NodeProcess}es started with {@link TestCluster#configFor}), with zone-aware backups on. Defaults to
         * one zone and zone-aware backups off.
         */
        public Builder zones(String... names) {
            if (!zones.isEmpty()) {
                throw new IllegalStateException("zones were already set to " + zones);
            }
            if (names.length < 2) {
                throw new IllegalArgumentException("zones needs at least 2 zones, got " + List.of(names));
            }
            zones = List.of(names);
            return this;
        }

        /**
         * Names the nodes {@code <prefix>-i} instead of {@code node-i}: two clusters in one JVM (two regions) need
         * distinct node names, which are Ignite instance names. Defaults to {@code node}.
         */
        public Builder namePrefix(String value) {
            if (value == null || !value.matches("[A-Za-z0-9_.]{1,32}")) {
                throw new IllegalArgumentException("namePrefix must be 1-32 characters of [A-Za-z0-9_.], got " + value);
            }
            namePrefix = value;
            return this;
        }

        /** Where node data goes; defaults to a fresh temporary folder deleted on close. */
        public Builder dataRoot(Path value) {
            dataRoot = Objects.requireNonNull(value, "dataRoot");
            return this;
        }

        /** Starts the nodes and waits for a stable topology. */
        public TestCluster start() {
            if (types == null) {
                throw new IllegalStateException("actorTypes are required");
            }
            JvmFlags.requireInThisJvm();
            TestCluster cluster;
            try {
                cluster = new TestCluster(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                cluster.startAll(nodes);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }
    }
}
