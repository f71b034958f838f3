package io.botgrid.client;

import io.botgrid.client.internal.Endpoints;
import io.botgrid.client.internal.ClientThreads;
import io.botgrid.client.internal.GrpcActors;
import io.botgrid.client.internal.GrpcAudit;
import io.botgrid.client.internal.GrpcPlugins;
import io.botgrid.client.internal.GrpcBots;
import io.botgrid.client.internal.GrpcCluster;
import io.botgrid.client.internal.GrpcWorkers;
import io.botgrid.client.internal.OwnerRouting;
import io.botgrid.client.internal.GrpcConversations;
import io.botgrid.client.internal.Unary;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection to a Botgrid cluster through the gRPC endpoints of some of its nodes.
 *
 * <p>Why several endpoints: any node answers for any actor, so when the node in use dies the client moves to the
 * next one and retries the call (UNAVAILABLE only, with backoff), and the idempotency key every actor call carries
 * makes that retry take effect once. Thread-safe; create one per application and close it at the end.
 *
 * <pre>{@code
 * try (BotgridClient client = BotgridClient.builder()
 *         .endpoints("10.0.0.1:7070", "10.0.0.2:7070")
 *         .token(System.getenv("BOTGRID_TOKEN"))
 *         .build()) {
 *     Int64Value total = client.actors().callBlocking("counter", "visits", StringValue.of("add:1"), Int64Value.class);
 * }
 * }</pre>
 */
public final class BotgridClient implements AutoCloseable {
    private final Endpoints endpoints;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final Actors actors;
    private final Cluster cluster;
    private final Bots bots;
    private final Conversations conversations;
    private final GrpcWorkers workers;
    private final Audit audit;
    private final Plugins plugins;
    private final OwnerRouting routing;

    /** How often a routing client reads the partition map when nothing else made it do so. */
    static final Duration ROUTING_REFRESH = Duration.ofSeconds(10);

    private BotgridClient(Builder b) {
        ClientThreads threads = new ClientThreads("botgrid-client");
        executor = Executors.newFixedThreadPool(b.threads, threads.factory());
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("botgrid-client-retry"));
        endpoints = new Endpoints(b.regions, b.preferredRegion, b.token, b.trustCertificate, executor,
                b.openTelemetry);
        Unary unary = new Unary(endpoints, b.retryPolicy, scheduler);
        if (Boolean.TRUE.equals(b.routeToOwners)) {
            routing = new OwnerRouting(endpoints, unary, scheduler, System::nanoTime);
            routing.start(ROUTING_REFRESH);
        } else {
            routing = null;
        }
        actors = new GrpcActors(endpoints, unary, b.defaultDeadline, b.retryPolicy, scheduler, executor, threads,
                b.homeRegions, routing);
        cluster = new GrpcCluster(endpoints, unary, b.defaultDeadline, executor);
        bots = new GrpcBots(unary, b.defaultDeadline, executor);
        workers = new GrpcWorkers(unary, b.defaultDeadline, executor);
        audit = new GrpcAudit(unary, b.defaultDeadline, executor);
        plugins = new GrpcPlugins(unary, b.defaultDeadline, executor);
        conversations = new GrpcConversations(endpoints, unary, b.defaultDeadline, b.retryPolicy, scheduler,
                executor, b.homeRegions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Actor calls and event streams. */
    public Actors actors() {
        return actors;
    }

    /** Cluster administration. */
    public Cluster cluster() {
        return cluster;
    }

    /** Bot management: create, change, connect to channels. */
    public Bots bots() {
        return bots;
    }

    /** Conversations with bots and their history. */
    public Conversations conversations() {
        return conversations;
    }

    /** Supervised workers: specs, status, send, broadcast, push. */
    public Workers workers() {
        return workers;
    }

    /** The audit log: who changed what, and which calls were refused (admin role). */
    public Audit audit() {
        return audit;
    }

    /** Handler plugins deployed to the running cluster: upload, list, remove versions. */
    public Plugins plugins() {
        return plugins;
    }

    /** The cluster-wide registry of names (lookups and listings). */
    public WorkerRegistry registry() {
        return workers;
    }

    /** Closes the channels (calls in flight get up to 5 s) and the client's threads. */
    @Override
    public void close() {
        if (routing != null) {
            routing.close();
        }
        endpoints.close();
        scheduler.shutdownNow();
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Builds a client. Fails fast: every setter validates its value and refuses to be called twice, and
     * {@link #build()} refuses a client without endpoints.
     */
    public static final class Builder {
        private List<String> endpoints;
        private final Map<String, List<String>> regions = new LinkedHashMap<>();
        private String preferredRegion;
        private HomeRegions homeRegions;
        private String token;
        private Path trustCertificate;
        private Duration defaultDeadline;
        private RetryPolicy retryPolicy;
        private Integer threadsSet;
        private int threads = 2;
        private OpenTelemetry openTelemetry;
        private Boolean routeToOwners;

        private Builder() {
        }

        private static void once(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
        }

        /** gRPC endpoints of cluster nodes, {@code host:port}; the first is used until it fails. Required. */
        public Builder endpoints(String... values) {
            once(endpoints, "endpoints");
            if (!regions.isEmpty()) {
                throw new IllegalStateException("regions were already set: " + regions.keySet());
            }
            endpoints = checked(values);
            return this;
        }

        private static List<String> checked(String... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("at least one endpoint is required");
            }
            List<String> list = new ArrayList<>();
            for (String v : values) {
                if (v == null || !v.matches("[^:\\s]+:\\d{1,5}")) {
                    throw new IllegalArgumentException("endpoint must be host:port, got " + v);
                }
                list.add(v);
            }
            return List.copyOf(list);
        }

        /**
         * The gRPC endpoints of one region's cluster, {@code host:port}; call once per region, instead of
         * {@link #endpoints}. Each call goes to its actor's home region ({@link #homeRegions}) and, when no endpoint
         * there answers, to the other regions (the preferred one first), with the same idempotency key.
         */
        public Builder region(String name, String... values) {
            if (endpoints != null) {
                throw new IllegalStateException("endpoints were already set; use region(...) for every region");
            }
            if (name == null || !name.matches("[A-Za-z0-9_.\\-]{1,64}")) {
                throw new IllegalArgumentException("region must be 1-64 characters of [A-Za-z0-9_.-], got " + name);
            }
            if (regions.containsKey(name)) {
                throw new IllegalStateException("region " + name + " was already set to " + regions.get(name));
            }
            regions.put(name, checked(values));
            return this;
        }

        /** The region of calls whose home is not known, and the first to fail over to. Defaults to the first. */
        public Builder preferredRegion(String name) {
            once(preferredRegion, "preferredRegion");
            preferredRegion = Objects.requireNonNull(name, "preferredRegion");
            return this;
        }

        /** Which region is each actor's home. Defaults to {@link HomeRegions#PREFERRED}. */
        public Builder homeRegions(HomeRegions value) {
            once(homeRegions, "homeRegions");
            homeRegions = Objects.requireNonNull(value, "homeRegions");
            return this;
        }

        /** Bearer token (API key or JWT) sent with every call. Defaults to none. */
        public Builder token(String value) {
            once(token, "token");
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("token must not be empty");
            }
            token = value;
            return this;
        }

        /** Use TLS and trust the CA certificate(s) in this PEM file. Defaults to plaintext. */
        public Builder tls(Path trustCertificatePem) {
            once(trustCertificate, "tls");
            if (!Files.isReadable(Objects.requireNonNull(trustCertificatePem, "trustCertificatePem"))) {
                throw new IllegalArgumentException("trust certificate " + trustCertificatePem + " is not readable");
            }
            trustCertificate = trustCertificatePem;
            return this;
        }

        /** Deadline of a call, retries included, when the call sets none. Defaults to 10 s. */
        public Builder defaultDeadline(Duration value) {
            once(defaultDeadline, "defaultDeadline");
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("defaultDeadline must be positive, got " + value);
            }
            defaultDeadline = value;
            return this;
        }

        /** Retries of UNAVAILABLE. Defaults to {@link RetryPolicy#DEFAULT}. */
        public Builder retryPolicy(RetryPolicy value) {
            once(retryPolicy, "retryPolicy");
            retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** Threads completing the client's futures. Defaults to 2. */
        public Builder threads(int value) {
            once(threadsSet, "threads");
            if (value < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + value);
            }
            threadsSet = value;
            threads = value;
            return this;
        }

        /**
         * Traces every call with this OpenTelemetry (a client span per gRPC call, child of the caller's current
         * span, whose {@code traceparent} the node continues). Defaults to none: the client never reaches for
         * {@code GlobalOpenTelemetry} on its own.
         */
        public Builder openTelemetry(OpenTelemetry value) {
            once(openTelemetry, "openTelemetry");
            openTelemetry = Objects.requireNonNull(value, "openTelemetry");
            return this;
        }

        /**
         * Sends each actor call straight to the node that owns the actor, by the cluster's partition map
         * ({@code ClusterService.GetPartitionMap}), over one channel per node; with {@link #endpoints} only. The map
         * is read when the client starts, again when a node answers that it forwarded a call (ownership moved) or an
         * owner does not answer, and every 10 s. Until the first map arrives, for a partition without a known owner,
         * and when the owner is unreachable, a call goes through the endpoints as without routing (the node there
         * forwards it). A wrong guess is never applied twice: the call keeps its idempotency key. Defaults to false.
         */
        public Builder routeToOwners(boolean value) {
            once(routeToOwners, "routeToOwners");
            routeToOwners = value;
            return this;
        }

        public BotgridClient build() {
            if (Boolean.TRUE.equals(routeToOwners) && !regions.isEmpty()) {
                throw new IllegalStateException("routeToOwners needs endpoints(...) of one cluster, not regions "
                        + regions.keySet());
            }
            if (openTelemetry == null) {
                openTelemetry = OpenTelemetry.noop();
            }
            if (endpoints == null && regions.isEmpty()) {
                throw new IllegalStateException("endpoints (or regions) are required");
            }
            if (endpoints != null) {
                regions.put("", endpoints);
                if (preferredRegion != null) {
                    throw new IllegalStateException("preferredRegion needs regions, not endpoints");
                }
                preferredRegion = "";
            } else if (preferredRegion == null) {
                preferredRegion = regions.keySet().iterator().next();
            } else if (!regions.containsKey(preferredRegion)) {
                throw new IllegalStateException("preferredRegion " + preferredRegion + " is not one of the regions "
                        + regions.keySet());
            }
            if (homeRegions == null) {
                homeRegions = HomeRegions.PREFERRED;
            }
            if (defaultDeadline == null) {
                defaultDeadline = Duration.ofSeconds(10);
            }
            if (retryPolicy == null) {
                retryPolicy = RetryPolicy.DEFAULT;
            }
            return new BotgridClient(this);
        }
    }
}
