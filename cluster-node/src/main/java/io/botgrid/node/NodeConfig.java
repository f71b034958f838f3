package io.botgrid.node;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import io.botgrid.actor.RuntimeConfig;
import io.botgrid.actor.Transport;
import io.botgrid.bots.platform.BotsConfig;
import io.botgrid.channels.EndpointConfig;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.GrpcServerConfig;
import io.botgrid.workers.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a node is configured with, typed, defaulted and validated in one place. Read from YAML by
 * {@link NodeConfigLoader} (keys are the component names) or built in code with {@link #builder()}; the effective
 * values are logged when the node starts.
 *
 * <p>The keys stay flat (one YAML file, one builder), but each component owns the record of its own settings and
 * the node hands each only its part: {@link #runtime()}, {@link #grpc()}, {@link #endpoint()}, {@link #bots()},
 * {@link #storage()}. A new component (telemetry, workers) adds its keys here and a record in its own package.
 *
 * @param nodeName unique, stable name of the node; also its Ignite consistent id, so it must stay the same across
 *     restarts for the node to find its data. Defaults to {@code node-1}.
 * @param dataDir where the node keeps its data (WAL, partitions). Defaults to {@code data/<nodeName>}.
 * @param host address to bind and advertise. Defaults to {@code 127.0.0.1}.
 * @param discoveryPort first port of Ignite discovery. Defaults to 47500.
 * @param communicationPort first port of Ignite communication. Defaults to 47100.
 * @param portRange how many ports above the first ones may be tried. Defaults to 10.
 * @param seeds discovery addresses of other nodes, {@code host:port} or {@code host:from..to}. Defaults to the
 *     local discovery range.
 * @param region region attribute of the node. Defaults to {@code local}.
 * @param zone zone attribute; with {@code zoneAwareBackups} backups go to another zone. Defaults to {@code local-a}.
 * @param zoneAwareBackups keep each backup of every partitioned data cache in another zone than its primary and
 *     the other backups. Defaults to false. Needs {@code zones}.
 * @param backups backup copies of every actor's data. Defaults to 1.
 * @param partitions partitions of the actor data. Defaults to 256.
 * @param walMode Ignite WAL mode: LOG_ONLY survives a process crash, FSYNC also a power loss. Defaults to LOG_ONLY.
 * @param dataRegionSizeMb off-heap memory for actor data, MiB. Defaults to 512.
 * @param failureDetectionTimeout how long a silent node takes to be declared dead (Ignite's discovery and
 *     communication both follow it). Defaults to 3 s: a frozen node's actors answer again within about that (see
 *     docs/reliability.md), while a 1 s pause is still tolerated.
 * @param baselineAutoAdjust delay before the set of data-holding nodes follows a join or leave. Defaults to 10 s.
 * @param transport how calls reach other nodes. Defaults to MESSAGING.
 * @param turnThreads threads running actor turns. Defaults to the number of cores.
 * @param blockingThreads threads for storage waits (directory releases, reminders, retention). Defaults to 8.
 * @param journalMaxInFlight group-commit writes outstanding at once (each from its fence to its acknowledgement).
 *     Defaults to 1: one write at a time makes the batches, and so the CPU they share, larger.
 * @param journalMaxBatchEvents events per group-commit write at most. Defaults to 1,024.
 * @param sweepInterval how often idle actors are passivated. Defaults to 1 s.
 * @param reminderTick how often due reminders are looked for. Defaults to 1 s.
 * @param stopTimeout how long a graceful stop waits for turns in flight. Defaults to 10 s.
 * @param haltOnCriticalFailure on a critical Ignite failure (storage broken, system thread died) halt the whole JVM,
 *     so a supervisor restarts it; when false only the node stops (for several nodes in one JVM, as in tests).
 *     Defaults to true.
 * @param grpcEnabled whether the node serves the gRPC front. Defaults to true.
 * @param grpcPort port of the gRPC front, bound on {@code host}; 0 picks a free port (see
 *     {@link BotgridNode#grpcPort()}). Defaults to 7070.
 * @param grpcMaxMessageBytes largest gRPC request accepted, in bytes; a larger one fails with RESOURCE_EXHAUSTED.
 *     Defaults to 4 MiB.
 * @param grpcMaxInFlightCalls unary gRPC calls served at once by this node; one more fails with
 *     RESOURCE_EXHAUSTED. Defaults to 4,096.
 * @param grpcDefaultDeadline deadline of a gRPC call whose caller set none. Defaults to 10 s.
 * @param grpcShutdownTimeout how long a graceful stop lets gRPC calls in flight finish before cancelling them.
 *     Defaults to 5 s.
 * @param grpcMaxMetadataBytes largest metadata (headers) of a gRPC request, bytes; more fails the call. Defaults
 *     to 8 KiB.
 * @param grpcMaxConcurrentStreams gRPC calls open at once on one client connection; further calls wait for one to
 *     end (HTTP/2 {@code MAX_CONCURRENT_STREAMS}). Defaults to 128.
 * @param grpcPermitKeepAliveTime shortest interval between a client's keepalive pings; a client that pings more
 *     often, or pings with no call open, is disconnected ({@code too_many_pings}). Defaults to 30 s.
 * @param grpcMaxConnectionIdle a gRPC connection without calls for this long is closed. Defaults to 30 min.
 * @param grpcMaxConnectionAge a gRPC connection this old is asked to go away, so clients spread over nodes again;
 *     0 s: never. Defaults to 2 h.
 * @param grpcMaxConnectionAgeGrace how long calls open when a connection is asked to go away may still run; 0 s: as
 *     long as they need. Defaults to 1 h.
 * @param grpcMaxDeadline longest deadline of a unary gRPC call; a caller asking for more gets this one. Defaults to
 *     5 min.
 * @param grpcTlsCertFile PEM certificate chain of the gRPC front; with {@code grpcTlsKeyFile} the front speaks TLS
 *     only. Defaults to none (plaintext).
 * @param grpcTlsKeyFile PEM private key (PKCS#8) of {@code grpcTlsCertFile}. Defaults to none.
 * @param grpcApiKeys static API keys accepted as bearer tokens, stored as SHA-256 hashes with a role. Defaults to
 *     none.
 * @param grpcJwtSecretFile file holding the HS256 secret (at least 32 bytes) that signs accepted JWT bearer
 *     tokens. Defaults to none. With neither API keys nor a JWT secret, the gRPC front accepts every call.
 * @param botsEnabled whether the node hosts the bot platform (Bot and Session actors, the channel endpoint).
 *     Defaults to true.
 * @param endpointPort port of the channel endpoint (HTTP: Slack Events API, webhooks), bound on {@code host}; 0 picks
 *     a free port (see {@link BotgridNode#endpointPort()}). Defaults to 7080.
 * @param endpointHeaderTimeout how long a connection to the channel endpoint may take to send a request line and
 *     headers. Defaults to 10 s.
 * @param endpointBodyTimeout how long a request body to the channel endpoint may take to arrive (then 408). Defaults
 *     to 10 s.
 * @param endpointIdleTimeout how long a connection to the channel endpoint may stay silent. Defaults to 30 s.
 * @param endpointMaxConnections connections open at once on the channel endpoint. Defaults to 1,024.
 * @param pluginsDir folder whose jars hold user bot handlers (the {@code BotHandler} SPI) and actor types (the
 *     {@code ActorTypeProvider} SPI), loaded at start. Defaults to none.
 * @param handlerTimeout how long a bot handler may take to answer one message before the message fails. Defaults
 *     to 10 s.
 * @param replyMaxInFlight replies the node's outbox sends at once to one destination (a Slack Web API, a webhook
 *     host); more wait in arrival order. Defaults to {@value BotsConfig#DEFAULT_REPLY_MAX_IN_FLIGHT}.
 * @param workerSpecs worker specs this node declares cluster-wide at start ({@code workers:} in YAML, see
 *     docs/workers.md). Declaring the same spec on every node is idempotent; a spec changed or removed at run time
 *     is not brought back. Defaults to none.
 * @param sampleBot whether the node creates the sample rules bot {@code sample} at start if it does not exist.
 *     Defaults to false ({@code botgrid node start} turns it on).
 * @param metricsPort port of the observability endpoint ({@code /metrics}, {@code /health/live},
 *     {@code /health/ready}), bound on {@code host}; 0 picks a free port (see {@link BotgridNode#metricsPort()}), -1
 *     turns it off. Defaults to 7090.
 * @param consolePort port of the web console ({@code /console}, see docs/console.md), bound on {@code host}; 0 picks a
 *     free port (see {@link BotgridNode#consolePort()}), -1 turns it off. Defaults to 7095. It signs in with the gRPC
 *     front's API keys and JWTs and serves HTTPS with the gRPC front's certificate when that is set.
 * @param tracingExporter where the node's spans go: {@code none} (tracing off, no cost) or {@code otlp} (OTLP over
 *     gRPC). Defaults to none. The standard {@code OTEL_TRACES_EXPORTER} overrides it.
 * @param tracingEndpoint the OTLP collector's gRPC address, e.g. {@code http://collector:4317}. Defaults to none
 *     (OpenTelemetry's default, {@code http://localhost:4317}). {@code OTEL_EXPORTER_OTLP_ENDPOINT} overrides it.
 * @param tracingSampleRatio the share of new traces recorded (0-1; a request that arrives traced follows its
 *     caller's decision). Defaults to 1. {@code OTEL_TRACES_SAMPLER_ARG} overrides it.
 * @param kubernetesService when set, the node finds the others through the Kubernetes API (Ignite's Kubernetes IP
 *     finder: the addresses of this headless service's pods, ready or not) instead of {@code seeds}. Defaults to none.
 * @param kubernetesNamespace the namespace of {@code kubernetesService}. Defaults to {@code default}.
 * @param zones the zones of the whole deployment. With {@code zoneAwareBackups} it must list at least
 *     {@code backups + 1} zones and include {@code zone}: a node cannot count the zones of a cluster it has not
 *     joined yet, and Ignite's zone filter silently keeps fewer backups than {@code backups} when there are not
 *     enough zones, so the node refuses to start instead. Defaults to none.
 * @param standbyEndpoints gRPC endpoints ({@code host:port}) of the standby region's nodes: when set, the node ships
 *     the journals of the actors it holds as primary there (see docs/operations.md, Regions). Defaults to none.
 * @param standbyTokenFile file whose text is the bearer token (an admin API key or JWT) of the standby region,
 *     also for endpoints set at run time ({@code botgrid region standby}), so it may be set without
 *     {@code standbyEndpoints}. Defaults to none (the standby checks no tokens).
 * @param clusterTls TLS between the nodes (Ignite discovery and communication) with the node's key store and the
 *     cluster's trust store, see {@link ClusterTlsConfig}; a process without a trusted certificate cannot join.
 *     Defaults to none (plaintext between nodes).
 * @param encryption encryption at rest of every persistent cache with the cluster's master key, see
 *     {@link EncryptionConfig}. Defaults to none.
 * @param rateLimits token-bucket rate limits per client (by role: {@code client}, {@code operator}, {@code admin})
 *     and per bot (a default and per-bot entries), see {@link io.botgrid.ratelimit.RateLimitConfig}; over a limit
 *     gRPC answers RESOURCE_EXHAUSTED and the channel endpoint 429, both with the wait. Defaults to none.
 * @param auditRetention how long the audit log keeps an entry (management actions and refused calls, see
 *     docs/operations.md, Audit log); older entries are removed within about a tenth of it (at most a minute).
 *     Defaults to 30 days ({@code 30d}).
 * @param journalRetention events covered by their actor's snapshot and older than this may be removed from the
 *     journal (YAML {@code journalRetention: 7d}); recovery starts from the snapshot, and reading or following from
 *     a removed sequence number fails with the first one kept. Defaults to 0: every event is kept.
 */
@JsonDeserialize(builder = NodeConfig.Builder.class)
public record NodeConfig(String nodeName, Path dataDir, String host, int discoveryPort, int communicationPort,
                         int portRange, List<String> seeds, String region, String zone, boolean zoneAwareBackups,
                         int backups, int partitions, WalMode walMode, int dataRegionSizeMb,
                         Duration failureDetectionTimeout, Duration baselineAutoAdjust, Transport transport,
                         int turnThreads, int blockingThreads, int journalMaxInFlight, int journalMaxBatchEvents,
                         Duration sweepInterval, Duration reminderTick, Duration stopTimeout,
                         boolean haltOnCriticalFailure, boolean grpcEnabled, int grpcPort, int grpcMaxMessageBytes,
                         int grpcMaxInFlightCalls, Duration grpcDefaultDeadline, Duration grpcShutdownTimeout,
                         int grpcMaxMetadataBytes, int grpcMaxConcurrentStreams, Duration grpcPermitKeepAliveTime,
                         Duration grpcMaxConnectionIdle, Duration grpcMaxConnectionAge,
                         Duration grpcMaxConnectionAgeGrace, Duration grpcMaxDeadline, Path grpcTlsCertFile, Path grpcTlsKeyFile, List<ApiKey> grpcApiKeys,
                         Path grpcJwtSecretFile, boolean botsEnabled, int endpointPort,
                         Duration endpointHeaderTimeout, Duration endpointBodyTimeout, Duration endpointIdleTimeout,
                         int endpointMaxConnections, Path pluginsDir, Duration handlerTimeout, int replyMaxInFlight,
                         boolean sampleBot,
                         int metricsPort, int consolePort,
                         String tracingExporter, String tracingEndpoint, double tracingSampleRatio,
                         List<WorkerSpec> workerSpecs, String kubernetesService, String kubernetesNamespace,
                         List<String> zones, List<String> standbyEndpoints, Path standbyTokenFile,
                         ClusterTlsConfig clusterTls, EncryptionConfig encryption,
                         io.botgrid.ratelimit.RateLimitConfig rateLimits, Duration auditRetention,
                         Duration journalRetention) {

    /** A Kubernetes service or namespace name (an RFC 1123 DNS label). */
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    /** Ignite's WAL modes that Botgrid supports. */
    public enum WalMode { FSYNC, LOG_ONLY, BACKGROUND }

    /** Validates every field; the message names the field and the value refused. */
    public NodeConfig {
        require(nodeName != null && nodeName.matches("[A-Za-z0-9_.\\-]{1,64}"),
                "nodeName must be 1-64 characters of [A-Za-z0-9_.-], got " + nodeName);
        Objects.requireNonNull(dataDir, "dataDir");
        require(host != null && !host.isBlank(), "host must not be empty");
        requirePort(discoveryPort, "discoveryPort");
        requirePort(communicationPort, "communicationPort");
        require(portRange >= 0 && portRange <= 100, "portRange must be 0-100, got " + portRange);
        seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
        require(!seeds.isEmpty(), "seeds must name at least one discovery address");
        require(kubernetesService == null || kubernetesService.matches(DNS_LABEL),
                "kubernetesService must be a Kubernetes service name (lower case letters, digits and '-', at most 63), "
                        + "got " + kubernetesService);
        require(kubernetesNamespace != null && kubernetesNamespace.matches(DNS_LABEL),
                "kubernetesNamespace must be a Kubernetes namespace name (lower case letters, digits and '-', at most "
                        + "63), got " + kubernetesNamespace);
        require(region != null && !region.isBlank(), "region must not be empty");
        require(zone != null && !zone.isBlank(), "zone must not be empty");
        require(backups >= 0 && backups <= 3, "backups must be 0-3, got " + backups);
        zones = List.copyOf(Objects.requireNonNull(zones, "zones"));
        require(zones.stream().distinct().count() == zones.size(), "zones names a zone twice: " + zones);
        require(!zoneAwareBackups || zones.size() >= backups + 1, "zoneAwareBackups needs at least backups + 1 = "
                + (backups + 1) + " zones in 'zones' (each copy of a partition in its own zone), got " + zones.size()
                + (zones.isEmpty() ? "" : " " + zones));
        require(!zoneAwareBackups || zones.contains(zone), "zone '" + zone + "' is not one of zones " + zones);
        standbyEndpoints = List.copyOf(Objects.requireNonNull(standbyEndpoints, "standbyEndpoints"));
        for (String e : standbyEndpoints) {
            require(e != null && e.matches("[^:\\s]+:\\d{1,5}"), "standbyEndpoints must be host:port, got " + e);
        }
        require(partitions >= 8 && partitions <= 65_000, "partitions must be 8-65000, got " + partitions);
        Objects.requireNonNull(walMode, "walMode");
        require(dataRegionSizeMb >= 64, "dataRegionSizeMb must be >= 64, got " + dataRegionSizeMb);
        requirePositive(failureDetectionTimeout, "failureDetectionTimeout");
        require(baselineAutoAdjust != null && !baselineAutoAdjust.isNegative(),
                "baselineAutoAdjust must be >= 0, got " + baselineAutoAdjust);
        Objects.requireNonNull(transport, "transport");
        require(turnThreads >= 1, "turnThreads must be >= 1, got " + turnThreads);
        require(blockingThreads >= 1, "blockingThreads must be >= 1, got " + blockingThreads);
        require(journalMaxInFlight >= 1, "journalMaxInFlight must be >= 1, got " + journalMaxInFlight);
        require(journalMaxBatchEvents >= 1, "journalMaxBatchEvents must be >= 1, got " + journalMaxBatchEvents);
        workerSpecs = List.copyOf(Objects.requireNonNull(workerSpecs, "workers"));
        require(workerSpecs.stream().map(WorkerSpec::id).distinct().count() == workerSpecs.size(),
                "workers declares a spec id twice: " + workerSpecs.stream().map(WorkerSpec::id).toList());
        requirePositive(sweepInterval, "sweepInterval");
        requirePositive(reminderTick, "reminderTick");
        requirePositive(stopTimeout, "stopTimeout");
        require(grpcPort >= 0 && grpcPort < 65_536, "grpcPort must be 0-65535 (0: any free port), got " + grpcPort);
        require(grpcMaxMessageBytes >= 1_024, "grpcMaxMessageBytes must be >= 1024, got " + grpcMaxMessageBytes);
        require(grpcMaxInFlightCalls >= 1, "grpcMaxInFlightCalls must be >= 1, got " + grpcMaxInFlightCalls);
        requirePositive(grpcDefaultDeadline, "grpcDefaultDeadline");
        requirePositive(grpcShutdownTimeout, "grpcShutdownTimeout");
        require(grpcMaxMetadataBytes >= 1_024, "grpcMaxMetadataBytes must be >= 1024, got " + grpcMaxMetadataBytes);
        require(grpcMaxConcurrentStreams >= 1, "grpcMaxConcurrentStreams must be >= 1, got "
                + grpcMaxConcurrentStreams);
        require(grpcPermitKeepAliveTime != null && !grpcPermitKeepAliveTime.isNegative(),
                "grpcPermitKeepAliveTime must be >= 0, got " + grpcPermitKeepAliveTime);
        requirePositive(grpcMaxConnectionIdle, "grpcMaxConnectionIdle");
        require(grpcMaxConnectionAge != null && !grpcMaxConnectionAge.isNegative(),
                "grpcMaxConnectionAge must be >= 0 (0: never), got " + grpcMaxConnectionAge);
        require(grpcMaxConnectionAgeGrace != null && !grpcMaxConnectionAgeGrace.isNegative(),
                "grpcMaxConnectionAgeGrace must be >= 0 (0: unbounded), got " + grpcMaxConnectionAgeGrace);
        requirePositive(grpcMaxDeadline, "grpcMaxDeadline");
        require((grpcTlsCertFile == null) == (grpcTlsKeyFile == null),
                "grpcTlsCertFile and grpcTlsKeyFile must be set together, got certificate " + grpcTlsCertFile
                        + " and key " + grpcTlsKeyFile);
        grpcApiKeys = List.copyOf(Objects.requireNonNull(grpcApiKeys, "grpcApiKeys"));
        require(endpointPort >= 0 && endpointPort < 65_536, "endpointPort must be 0-65535 (0: any free port), got "
                + endpointPort);
        requirePositive(endpointHeaderTimeout, "endpointHeaderTimeout");
        requirePositive(endpointBodyTimeout, "endpointBodyTimeout");
        requirePositive(endpointIdleTimeout, "endpointIdleTimeout");
        require(endpointMaxConnections >= 1, "endpointMaxConnections must be >= 1, got " + endpointMaxConnections);
        requirePositive(handlerTimeout, "handlerTimeout");
        require(replyMaxInFlight >= 1, "replyMaxInFlight must be >= 1, got " + replyMaxInFlight);
        require(metricsPort >= -1 && metricsPort < 65_536, "metricsPort must be 0-65535 (0: any free port, -1: off), got "
                + metricsPort);
        require(consolePort >= -1 && consolePort < 65_536, "consolePort must be 0-65535 (0: any free port, -1: off), got "
                + consolePort);
        require("none".equals(tracingExporter) || "otlp".equals(tracingExporter),
                "tracingExporter must be none or otlp, got " + tracingExporter);
        require(tracingEndpoint == null || tracingEndpoint.matches("https?://.+"),
                "tracingEndpoint must be an http:// or https:// address, got " + tracingEndpoint);
        require(tracingSampleRatio >= 0 && tracingSampleRatio <= 1,
                "tracingSampleRatio must be 0-1, got " + tracingSampleRatio);
        rateLimits = rateLimits == null ? io.botgrid.ratelimit.RateLimitConfig.NONE : rateLimits;
        journalRetention = journalRetention == null ? Duration.ZERO : journalRetention;
        require(!journalRetention.isNegative(), "journalRetention must not be negative, got " + journalRetention);
        for (String role : rateLimits.roles().keySet()) {
            require(java.util.Arrays.stream(io.botgrid.grpc.Role.values()).anyMatch(r -> r.label().equals(role)),
                    "rateLimits.roles: unknown role '" + role + "' (allowed: client, operator, admin)");
        }
        requirePositive(auditRetention, "auditRetention");
        Set<String> keyNames = new HashSet<>();
        Set<String> keyHashes = new HashSet<>();
        for (ApiKey k : grpcApiKeys) {
            require(keyNames.add(k.name()), "grpcApiKeys has two keys named '" + k.name() + "'");
            require(keyHashes.add(k.hash()), "grpcApiKeys has the same hash twice (key '" + k.name() + "')");
        }
    }

    /** Whether the gRPC front checks bearer tokens (API keys or JWTs are configured). */
    public boolean grpcAuthEnabled() {
        return !grpcApiKeys.isEmpty() || grpcJwtSecretFile != null;
    }

    /** The actor runtime's part: {@code turnThreads}, {@code transport}, {@code journal*}, … */
    public RuntimeConfig runtime() {
        return new RuntimeConfig(turnThreads, blockingThreads, transport, journalMaxInFlight, journalMaxBatchEvents,
                sweepInterval, reminderTick, stopTimeout, journalRetention);
    }

    /** The gRPC front's part: {@code host} and the {@code grpc*} keys. */
    public GrpcServerConfig grpc() {
        return new GrpcServerConfig(host, grpcPort, grpcMaxMessageBytes, grpcMaxInFlightCalls, grpcDefaultDeadline,
                grpcShutdownTimeout, grpcTlsCertFile, grpcTlsKeyFile, grpcApiKeys, grpcJwtSecretFile,
                grpcMaxMetadataBytes, grpcMaxConcurrentStreams, grpcPermitKeepAliveTime, grpcMaxConnectionIdle,
                grpcMaxConnectionAge, grpcMaxConnectionAgeGrace, grpcMaxDeadline);
    }

    /** The channel endpoint's part: {@code host} and the {@code endpoint*} keys. */
    public EndpointConfig endpoint() {
        return new EndpointConfig(host, endpointPort, endpointHeaderTimeout, endpointBodyTimeout, endpointIdleTimeout,
                endpointMaxConnections);
    }

    /**
     * The bot platform's part: the endpoint, {@code pluginsDir}, {@code handlerTimeout}, {@code replyMaxInFlight},
     * {@code sampleBot}.
     */
    public BotsConfig bots() {
        return new BotsConfig(nodeName, endpoint(), pluginsDir, handlerTimeout, replyMaxInFlight, sampleBot);
    }

    /** The tracing setup's part: the {@code tracing*} keys. */
    public TracingConfig tracing() {
        return new TracingConfig(nodeName, tracingExporter, tracingEndpoint, tracingSampleRatio);
    }

    /**
     * The workers' part: the node name and {@code pluginsDir} (worker function plugins share the folder of handler
     * plugins); pool size, payload limit and mailbox capacity at their defaults.
     */
    public io.botgrid.workers.WorkersConfig workers() {
        return io.botgrid.workers.WorkersConfig.defaults(nodeName).withPluginsDir(pluginsDir);
    }

    /** The audit log's part: {@code auditRetention}. */
    public io.botgrid.audit.AuditConfig audit() {
        return new io.botgrid.audit.AuditConfig(auditRetention);
    }

    /** The storage's part (Ignite: discovery, persistence, partitions, backups): see {@link StorageConfig}. */
    public StorageConfig storage() {
        return new StorageConfig(nodeName, dataDir, host, discoveryPort, communicationPort, portRange, seeds, region,
                zone, zoneAwareBackups, backups, partitions, walMode, dataRegionSizeMb, failureDetectionTimeout,
                baselineAutoAdjust, haltOnCriticalFailure, transport == Transport.COMPUTE ? 64 : 4, kubernetesService,
                kubernetesNamespace, clusterTls, encryption);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid node configuration: " + message);
        }
    }

    private static void requirePort(int port, String name) {
        require(port > 0 && port < 65_536, name + " must be 1-65535, got " + port);
    }

    private static void requirePositive(Duration d, String name) {
        require(d != null && !d.isNegative() && !d.isZero(), name + " must be positive, got " + d);
    }

    /** The defaults listed above. */
    public static NodeConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Like {@link #toBuilder()}, except that a {@code dataDir} or {@code seeds} still equal to what the name, host and
     * ports derive are left unset, so that they follow a later change of those (a command-line {@code --name} over a
     * file that set no {@code dataDir} must not share the file's node's data folder).
     */
    public Builder toBuilderKeepingDerivedDefaults() {
        Builder b = new Builder(this);
        if (dataDir.equals(Builder.derivedDataDir(nodeName))) {
            b.dataDir = null;
        }
        if (seeds.equals(Builder.derivedSeeds(host, discoveryPort, portRange))) {
            b.seeds = null;
        }
        return b;
    }

    /** Builds a {@link NodeConfig}; starts from the defaults. Also the target of the YAML reader. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String nodeName = "node-1";
        private Path dataDir;
        private String host = "127.0.0.1";
        private int discoveryPort = 47_500;
        private int communicationPort = 47_100;
        private int portRange = 10;
        private List<String> seeds;
        private String region = "local";
        private String zone = "local-a";
        private String kubernetesService;
        private String kubernetesNamespace = "default";
        private boolean zoneAwareBackups;
        private int backups = 1;
        private int partitions = 256;
        private WalMode walMode = WalMode.LOG_ONLY;
        private int dataRegionSizeMb = 512;
        private Duration failureDetectionTimeout = Duration.ofSeconds(3);
        private Duration baselineAutoAdjust = Duration.ofSeconds(10);
        private Transport transport = Transport.MESSAGING;
        private int turnThreads = Runtime.getRuntime().availableProcessors();
        private int blockingThreads = 8;
        private int journalMaxInFlight = 1;
        private int journalMaxBatchEvents = 1_024;
        private Duration sweepInterval = Duration.ofSeconds(1);
        private Duration reminderTick = Duration.ofSeconds(1);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private boolean haltOnCriticalFailure = true;
        private boolean grpcEnabled = true;
        private int grpcPort = 7_070;
        private int grpcMaxMessageBytes = 4 * 1024 * 1024;
        private int grpcMaxInFlightCalls = 4_096;
        private Duration grpcDefaultDeadline = Duration.ofSeconds(10);
        private Duration grpcShutdownTimeout = Duration.ofSeconds(5);
        private int grpcMaxMetadataBytes = GrpcServerConfig.DEFAULT_MAX_METADATA_BYTES;
        private int grpcMaxConcurrentStreams = GrpcServerConfig.DEFAULT_MAX_CONCURRENT_STREAMS;
        private Duration grpcPermitKeepAliveTime = GrpcServerConfig.DEFAULT_PERMIT_KEEPALIVE_TIME;
        private Duration grpcMaxConnectionIdle = GrpcServerConfig.DEFAULT_MAX_CONNECTION_IDLE;
        private Duration grpcMaxConnectionAge = GrpcServerConfig.DEFAULT_MAX_CONNECTION_AGE;
        private Duration grpcMaxConnectionAgeGrace = GrpcServerConfig.DEFAULT_MAX_CONNECTION_AGE_GRACE;
        private Duration grpcMaxDeadline = GrpcServerConfig.DEFAULT_MAX_DEADLINE;
        private Path grpcTlsCertFile;
        private Path grpcTlsKeyFile;
        private List<ApiKey> grpcApiKeys = List.of();
        private Path grpcJwtSecretFile;
        private boolean botsEnabled = true;
        private int endpointPort = 7_080;
        private Duration endpointHeaderTimeout = EndpointConfig.DEFAULT_HEADER_TIMEOUT;
        private Duration endpointBodyTimeout = EndpointConfig.DEFAULT_BODY_TIMEOUT;
        private Duration endpointIdleTimeout = EndpointConfig.DEFAULT_IDLE_TIMEOUT;
        private int endpointMaxConnections = EndpointConfig.DEFAULT_MAX_CONNECTIONS;
        private Path pluginsDir;
        private Duration handlerTimeout = Duration.ofSeconds(10);
        private int replyMaxInFlight = BotsConfig.DEFAULT_REPLY_MAX_IN_FLIGHT;
        private boolean sampleBot;
        private int metricsPort = 7_090;
        private int consolePort = 7_095;
        private String tracingExporter = "none";
        private String tracingEndpoint;
        private double tracingSampleRatio = 1.0;
        private List<WorkerSpec> workers = List.of();
        private List<String> zones = List.of();
        private List<String> standbyEndpoints = List.of();
        private Path standbyTokenFile;
        private ClusterTlsConfig clusterTls;
        private EncryptionConfig encryption;
        private io.botgrid.ratelimit.RateLimitConfig rateLimits = io.botgrid.ratelimit.RateLimitConfig.NONE;
        private Duration auditRetention = io.botgrid.audit.AuditConfig.DEFAULT_RETENTION;
        private Duration journalRetention = Duration.ZERO;

        Builder() {
        }

        Builder(NodeConfig c) {
            nodeName = c.nodeName;
            dataDir = c.dataDir;
            host = c.host;
            discoveryPort = c.discoveryPort;
            communicationPort = c.communicationPort;
            portRange = c.portRange;
            seeds = c.seeds;
            region = c.region;
            zone = c.zone;
            zoneAwareBackups = c.zoneAwareBackups;
            backups = c.backups;
            partitions = c.partitions;
            walMode = c.walMode;
            dataRegionSizeMb = c.dataRegionSizeMb;
            failureDetectionTimeout = c.failureDetectionTimeout;
            baselineAutoAdjust = c.baselineAutoAdjust;
            transport = c.transport;
            turnThreads = c.turnThreads;
            blockingThreads = c.blockingThreads;
            journalMaxInFlight = c.journalMaxInFlight;
            journalMaxBatchEvents = c.journalMaxBatchEvents;
            sweepInterval = c.sweepInterval;
            reminderTick = c.reminderTick;
            stopTimeout = c.stopTimeout;
            haltOnCriticalFailure = c.haltOnCriticalFailure;
            grpcEnabled = c.grpcEnabled;
            grpcPort = c.grpcPort;
            grpcMaxMessageBytes = c.grpcMaxMessageBytes;
            grpcMaxInFlightCalls = c.grpcMaxInFlightCalls;
            grpcDefaultDeadline = c.grpcDefaultDeadline;
            grpcShutdownTimeout = c.grpcShutdownTimeout;
            grpcMaxMetadataBytes = c.grpcMaxMetadataBytes;
            grpcMaxConcurrentStreams = c.grpcMaxConcurrentStreams;
            grpcPermitKeepAliveTime = c.grpcPermitKeepAliveTime;
            grpcMaxConnectionIdle = c.grpcMaxConnectionIdle;
            grpcMaxConnectionAge = c.grpcMaxConnectionAge;
            grpcMaxConnectionAgeGrace = c.grpcMaxConnectionAgeGrace;
            grpcMaxDeadline = c.grpcMaxDeadline;
            grpcTlsCertFile = c.grpcTlsCertFile;
            grpcTlsKeyFile = c.grpcTlsKeyFile;
            grpcApiKeys = c.grpcApiKeys;
            grpcJwtSecretFile = c.grpcJwtSecretFile;
            botsEnabled = c.botsEnabled;
            endpointPort = c.endpointPort;
            endpointHeaderTimeout = c.endpointHeaderTimeout;
            endpointBodyTimeout = c.endpointBodyTimeout;
            endpointIdleTimeout = c.endpointIdleTimeout;
            endpointMaxConnections = c.endpointMaxConnections;
            pluginsDir = c.pluginsDir;
            handlerTimeout = c.handlerTimeout;
            replyMaxInFlight = c.replyMaxInFlight;
            sampleBot = c.sampleBot;
            metricsPort = c.metricsPort;
            consolePort = c.consolePort;
            tracingExporter = c.tracingExporter;
            tracingEndpoint = c.tracingEndpoint;
            tracingSampleRatio = c.tracingSampleRatio;
            workers = c.workerSpecs;
            kubernetesService = c.kubernetesService;
            kubernetesNamespace = c.kubernetesNamespace;
            zones = c.zones;
            standbyEndpoints = c.standbyEndpoints;
            standbyTokenFile = c.standbyTokenFile;
            clusterTls = c.clusterTls;
            encryption = c.encryption;
            rateLimits = c.rateLimits;
            auditRetention = c.auditRetention;
            journalRetention = c.journalRetention;
        }

        public Builder nodeName(String v) {
            nodeName = v;
            return this;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder discoveryPort(int v) {
            discoveryPort = v;
            return this;
        }

        public Builder communicationPort(int v) {
            communicationPort = v;
            return this;
        }

        public Builder portRange(int v) {
            portRange = v;
            return this;
        }

        public Builder seeds(List<String> v) {
            seeds = v;
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        public Builder zone(String v) {
            zone = v;
            return this;
        }

        public Builder zoneAwareBackups(boolean v) {
            zoneAwareBackups = v;
            return this;
        }

        public Builder backups(int v) {
            backups = v;
            return this;
        }

        public Builder partitions(int v) {
            partitions = v;
            return this;
        }

        public Builder walMode(WalMode v) {
            walMode = v;
            return this;
        }

        public Builder dataRegionSizeMb(int v) {
            dataRegionSizeMb = v;
            return this;
        }

        public Builder failureDetectionTimeout(Duration v) {
            failureDetectionTimeout = v;
            return this;
        }

        public Builder baselineAutoAdjust(Duration v) {
            baselineAutoAdjust = v;
            return this;
        }

        public Builder transport(Transport v) {
            transport = v;
            return this;
        }

        public Builder turnThreads(int v) {
            turnThreads = v;
            return this;
        }

        public Builder blockingThreads(int v) {
            blockingThreads = v;
            return this;
        }

        public Builder journalMaxInFlight(int v) {
            journalMaxInFlight = v;
            return this;
        }

        public Builder journalMaxBatchEvents(int v) {
            journalMaxBatchEvents = v;
            return this;
        }

        public Builder sweepInterval(Duration v) {
            sweepInterval = v;
            return this;
        }

        public Builder reminderTick(Duration v) {
            reminderTick = v;
            return this;
        }

        public Builder stopTimeout(Duration v) {
            stopTimeout = v;
            return this;
        }

        public Builder haltOnCriticalFailure(boolean v) {
            haltOnCriticalFailure = v;
            return this;
        }

        public Builder grpcEnabled(boolean v) {
            grpcEnabled = v;
            return this;
        }

        public Builder grpcPort(int v) {
            grpcPort = v;
            return this;
        }

        public Builder grpcMaxMessageBytes(int v) {
            grpcMaxMessageBytes = v;
            return this;
        }

        public Builder grpcMaxInFlightCalls(int v) {
            grpcMaxInFlightCalls = v;
            return this;
        }

        public Builder grpcDefaultDeadline(Duration v) {
            grpcDefaultDeadline = v;
            return this;
        }

        public Builder grpcShutdownTimeout(Duration v) {
            grpcShutdownTimeout = v;
            return this;
        }

        public Builder grpcMaxMetadataBytes(int v) {
            grpcMaxMetadataBytes = v;
            return this;
        }

        public Builder grpcMaxConcurrentStreams(int v) {
            grpcMaxConcurrentStreams = v;
            return this;
        }

        public Builder grpcPermitKeepAliveTime(Duration v) {
            grpcPermitKeepAliveTime = v;
            return this;
        }

        public Builder grpcMaxConnectionIdle(Duration v) {
            grpcMaxConnectionIdle = v;
            return this;
        }

        public Builder grpcMaxConnectionAge(Duration v) {
            grpcMaxConnectionAge = v;
            return this;
        }

        public Builder grpcMaxConnectionAgeGrace(Duration v) {
            grpcMaxConnectionAgeGrace = v;
            return this;
        }

        public Builder grpcMaxDeadline(Duration v) {
            grpcMaxDeadline = v;
            return this;
        }

        public Builder grpcTlsCertFile(Path v) {
            grpcTlsCertFile = v;
            return this;
        }

        public Builder grpcTlsKeyFile(Path v) {
            grpcTlsKeyFile = v;
            return this;
        }

        public Builder grpcApiKeys(List<ApiKey> v) {
            grpcApiKeys = v;
            return this;
        }

        public Builder grpcJwtSecretFile(Path v) {
            grpcJwtSecretFile = v;
            return this;
        }

        public Builder botsEnabled(boolean v) {
            botsEnabled = v;
            return this;
        }

        public Builder endpointPort(int v) {
            endpointPort = v;
            return this;
        }

        public Builder endpointHeaderTimeout(Duration v) {
            endpointHeaderTimeout = v;
            return this;
        }

        public Builder endpointBodyTimeout(Duration v) {
            endpointBodyTimeout = v;
            return this;
        }

        public Builder endpointIdleTimeout(Duration v) {
            endpointIdleTimeout = v;
            return this;
        }

        public Builder endpointMaxConnections(int v) {
            endpointMaxConnections = v;
            return this;
        }

        public Builder pluginsDir(Path v) {
            pluginsDir = v;
            return this;
        }

        public Builder handlerTimeout(Duration v) {
            handlerTimeout = v;
            return this;
        }

        public Builder replyMaxInFlight(int v) {
            replyMaxInFlight = v;
            return this;
        }

        public Builder sampleBot(boolean v) {
            sampleBot = v;
            return this;
        }

        public Builder metricsPort(int v) {
            metricsPort = v;
            return this;
        }

        public Builder consolePort(int v) {
            consolePort = v;
            return this;
        }

        public Builder tracingExporter(String v) {
            tracingExporter = v;
            return this;
        }

        public Builder tracingEndpoint(String v) {
            tracingEndpoint = v;
            return this;
        }

        public Builder tracingSampleRatio(double v) {
            tracingSampleRatio = v;
            return this;
        }

        /** Worker specs declared by this node at start (YAML key {@code workers}); ids must be unique. */
        public Builder workers(List<WorkerSpec> v) {
            workers = v;
            return this;
        }

        /** Discovery through the Kubernetes API: the pods of this headless service (YAML key {@code kubernetesService}). */
        public Builder kubernetesService(String v) {
            kubernetesService = v;
            return this;
        }

        public Builder kubernetesNamespace(String v) {
            kubernetesNamespace = v;
            return this;
        }

        /** The deployment's zones (YAML key {@code zones}); {@code zoneAwareBackups} needs {@code backups + 1}. */
        public Builder zones(List<String> v) {
            zones = v;
            return this;
        }

        /** The standby region's gRPC endpoints (YAML key {@code standbyEndpoints}). */
        public Builder standbyEndpoints(List<String> v) {
            standbyEndpoints = v;
            return this;
        }

        /** The file holding the standby region's bearer token (YAML key {@code standbyTokenFile}). */
        public Builder standbyTokenFile(Path v) {
            standbyTokenFile = v;
            return this;
        }

        /** TLS between nodes (YAML key {@code clusterTls}); null: plaintext. */
        public Builder clusterTls(ClusterTlsConfig v) {
            clusterTls = v;
            return this;
        }

        /** Encryption at rest (YAML key {@code encryption}); null: none. */
        public Builder encryption(EncryptionConfig v) {
            encryption = v;
            return this;
        }

        /** Journal retention (YAML key {@code journalRetention}, e.g. {@code 7d}); zero or null: keep every event. */
        public Builder journalRetention(Duration v) {
            journalRetention = v;
            return this;
        }

        /** Rate limits per client and per bot (YAML key {@code rateLimits}); null: none. */
        public Builder rateLimits(io.botgrid.ratelimit.RateLimitConfig v) {
            rateLimits = v;
            return this;
        }

        /** How long audit entries are kept (YAML key {@code auditRetention}, e.g. {@code 30d}). */
        public Builder auditRetention(Duration v) {
            auditRetention = v;
            return this;
        }

        private static Path derivedDataDir(String nodeName) {
            return Path.of("data", nodeName == null ? "node" : nodeName);
        }

        private static List<String> derivedSeeds(String host, int discoveryPort, int portRange) {
            return List.of(host + ":" + discoveryPort + ".." + (discoveryPort + portRange));
        }

        /** Validates and builds; unset {@code dataDir} and {@code seeds} derive from the name and ports. */
        public NodeConfig build() {
            Path dir = dataDir != null ? dataDir : derivedDataDir(nodeName);
            List<String> s = seeds != null ? seeds : derivedSeeds(host, discoveryPort, portRange);
            return new NodeConfig(nodeName, dir, host, discoveryPort, communicationPort, portRange, s, region, zone,
                    zoneAwareBackups, backups, partitions, walMode, dataRegionSizeMb, failureDetectionTimeout,
                    baselineAutoAdjust, transport, turnThreads, blockingThreads, journalMaxInFlight,
                    journalMaxBatchEvents, sweepInterval, reminderTick, stopTimeout, haltOnCriticalFailure, grpcEnabled,
                    grpcPort, grpcMaxMessageBytes, grpcMaxInFlightCalls, grpcDefaultDeadline, grpcShutdownTimeout,
                    grpcMaxMetadataBytes, grpcMaxConcurrentStreams, grpcPermitKeepAliveTime, grpcMaxConnectionIdle,
                    grpcMaxConnectionAge, grpcMaxConnectionAgeGrace, grpcMaxDeadline, grpcTlsCertFile, grpcTlsKeyFile, grpcApiKeys, grpcJwtSecretFile, botsEnabled, endpointPort,
                    endpointHeaderTimeout, endpointBodyTimeout, endpointIdleTimeout, endpointMaxConnections,
                    pluginsDir, handlerTimeout, replyMaxInFlight, sampleBot, metricsPort, consolePort, tracingExporter,
                    tracingEndpoint, tracingSampleRatio, workers, kubernetesService, kubernetesNamespace, zones, standbyEndpoints,
                    standbyTokenFile, clusterTls, encryption, rateLimits, auditRetention, journalRetention);
        }
    }
}
