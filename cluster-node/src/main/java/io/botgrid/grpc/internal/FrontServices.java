package io.botgrid.grpc.internal;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.botgrid.grpc.FrontPorts;
import io.botgrid.grpc.GrpcServerConfig;
import io.botgrid.util.DaemonThreads;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The Botgrid services of a node's gRPC front with their interceptors and the threads they own: a small pool that
 * answers the bot services' calls when the bot platform's future completes (never a runtime thread, never a
 * transport thread), and an I/O pool for event streams and cluster operations that wait on Ignite. Actor calls are
 * answered on the thread that completes the actor's future (see {@link ActorServiceImpl}).
 */
public final class FrontServices {
    /** At most this many lines about refused requests, and as many about unexpected failures, per interval. */
    private static final int LOG_LINES = 10;
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final ExecutorService callbacks;
    private final ExecutorService io;
    private final ScheduledExecutorService timer;
    private final DeadlineCap deadlineCap;
    private final EventStreams streams;
    private final Authenticator authenticator;
    private final InFlightLimiter limiter;
    private final RateLimitInterceptor rateLimits;
    private final ActorServiceImpl actorService;
    private final ClusterServiceImpl clusterService;
    private final BotServiceImpl botService;
    private final ConversationServiceImpl conversationService;
    private final WorkerServiceImpl workerService;
    private final ReplicationServiceImpl replicationService;
    private final PluginServiceImpl pluginService;
    private final TypeCatalog catalog;
    private final RateLimitedLog refusals;
    private final FailureBarrier barrier;
    private final AuditInterceptor audit;

    /**
     * @throws IllegalArgumentException if the JWT secret file cannot be read or is too short
     */
    public FrontServices(FrontPorts node, GrpcServerConfig config, Clock clock) {
        this.authenticator = new Authenticator(config.apiKeys(), readSecret(config.jwtSecretFile()), clock);
        String name = node.nodeName();
        int cores = Runtime.getRuntime().availableProcessors();
        this.callbacks = Executors.newFixedThreadPool(Math.max(2, cores),
                DaemonThreads.named("botgrid-grpc-" + name));
        this.io = Executors.newFixedThreadPool(4, DaemonThreads.named("botgrid-grpc-io-" + name));
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("botgrid-grpc-timer-" + name));
        this.deadlineCap = new DeadlineCap(config.maxDeadline(), timer);
        this.catalog = new TypeCatalog(node.types());
        this.refusals = new RateLimitedLog(LoggerFactory.getLogger(StrictRequests.class), LOG_LINES, LOG_INTERVAL);
        this.barrier = new FailureBarrier(name, new RateLimitedLog(LoggerFactory.getLogger(FailureBarrier.class),
                LOG_LINES, LOG_INTERVAL));
        this.streams = new EventStreams(name, node.journal(), io);
        this.limiter = new InFlightLimiter(name, config.maxInFlightCalls());
        this.rateLimits = new RateLimitInterceptor(node.rateLimiter());
        this.actorService = new ActorServiceImpl(name, catalog, node.actors(), config.defaultDeadline(), streams,
                node.cluster()::ownsHere);
        this.clusterService = new ClusterServiceImpl(node.cluster(), catalog, io, node.audit());
        this.audit = new AuditInterceptor(node.audit(), name, authenticator.enabled(), clock);
        PlatformLookup platform = new PlatformLookup(name, node.bots());
        this.botService = new BotServiceImpl(platform, callbacks);
        this.conversationService = new ConversationServiceImpl(name, platform, callbacks);
        this.workerService = new WorkerServiceImpl(name, node.workers(), node.registry(), callbacks, io);
        this.replicationService = new ReplicationServiceImpl(node.replica(), node.regions(), node.specReplica(), io);
        this.pluginService = new PluginServiceImpl(node.plugins(), io);
    }

    static byte[] readSecret(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("grpcJwtSecretFile " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The actor, cluster, bot, conversation, worker, replication and plugin services, each parsing its requests
     * itself (a request that does not
     * parse is INVALID_ARGUMENT, see {@link StrictRequests}); the actor service also makes the actor types'
     * messages and the well-known types findable through reflection (see {@link ReflectionFiles}).
     */
    public List<ServerServiceDefinition> services() {
        List<FileDescriptor> extra = new ArrayList<>(ReflectionFiles.WELL_KNOWN);
        extra.addAll(catalog.files());
        return List.of(ReflectionFiles.attach(StrictRequests.of(actorService.bindService(), refusals), extra),
                StrictRequests.of(clusterService.bindService(), refusals),
                StrictRequests.of(botService.bindService(), refusals),
                StrictRequests.of(conversationService.bindService(), refusals),
                StrictRequests.of(workerService.bindService(), refusals),
                StrictRequests.of(replicationService.bindService(), refusals),
                StrictRequests.of(pluginService.bindService(), refusals));
    }

    /**
     * The interceptors in the order to add them to a server builder: the last added runs first, so the failure
     * barrier wraps everything, and authentication runs before the in-flight limit and an unauthenticated call never
     * takes a slot; the rate limit per client comes right after authentication (it needs the caller), so a call over
     * it takes no slot either; the deadline cap is innermost, so a clamped call still holds its slot until it ends.
     * The audit log's interceptor wraps them all, so it records the status the caller saw, refusals included.
     */
    public List<ServerInterceptor> interceptors() {
        return authenticator.enabled()
                ? List.of(deadlineCap, limiter, rateLimits, new AuthInterceptor(authenticator), barrier, audit)
                : List.of(deadlineCap, limiter, rateLimits, barrier, audit);
    }

    public boolean authEnabled() {
        return authenticator.enabled();
    }

    /** Unary calls being served now. */
    public int callsInFlight() {
        return limiter.inFlight();
    }

    /** Event streams and conversation streams open now. */
    public int openStreams() {
        return streams.openStreams() + conversationService.openStreams();
    }

    /** Ends every event stream and conversation stream with UNAVAILABLE (the node is stopping). */
    public void closeStreams() {
        streams.closeAll();
        conversationService.closeAll();
    }

    /** Stops the front's threads, letting queued work run for at most {@code timeout}. */
    public void shutdown(Duration timeout) {
        callbacks.shutdown();
        io.shutdown();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            callbacks.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
            io.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callbacks.shutdownNow();
        io.shutdownNow();
        timer.shutdownNow(); // pending deadline timers only: their calls are over
    }

}
