package io.botgrid.grpc.internal;

import io.botgrid.grpc.GrpcServerConfig;
import io.botgrid.node.BotgridNode;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Botgrid services of a node's gRPC front with their interceptors and the threads they own: a small pool that
 * answers calls when an actor's future completes (never a runtime thread, never a transport thread), and an I/O
 * pool for event streams and cluster operations that wait on Ignite.
 */
public final class FrontServices {
    private final ExecutorService callbacks;
    private final ExecutorService io;
    private final EventStreams streams;
    private final Authenticator authenticator;
    private final InFlightLimiter limiter;
    private final ActorServiceImpl actorService;
    private final ClusterServiceImpl clusterService;
    private final BotServiceImpl botService;
    private final ConversationServiceImpl conversationService;

    /**
     * @throws IllegalArgumentException if the JWT secret file cannot be read or is too short
     */
    public FrontServices(BotgridNode node, GrpcServerConfig config, Clock clock) {
        this.authenticator = new Authenticator(config.apiKeys(), readSecret(config.jwtSecretFile()), clock);
        String name = node.name();
        int cores = Runtime.getRuntime().availableProcessors();
        this.callbacks = Executors.newFixedThreadPool(Math.max(2, cores), daemon("botgrid-grpc-" + name));
        this.io = Executors.newFixedThreadPool(4, daemon("botgrid-grpc-io-" + name));
        TypeCatalog catalog = new TypeCatalog(node.actorTypes());
        this.streams = new EventStreams(name, node.events(), io);
        this.limiter = new InFlightLimiter(name, config.maxInFlightCalls());
        this.actorService = new ActorServiceImpl(name, catalog, node.actors(), config.defaultDeadline(), callbacks,
                streams);
        this.clusterService = new ClusterServiceImpl(node, catalog, io);
        PlatformLookup platform = new PlatformLookup(name, node::bots);
        this.botService = new BotServiceImpl(platform, callbacks);
        this.conversationService = new ConversationServiceImpl(name, platform, callbacks);
    }

    private static byte[] readSecret(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("grpcJwtSecretFile " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The actor, cluster, bot and conversation services. */
    public List<ServerServiceDefinition> services() {
        return List.of(actorService.bindService(), clusterService.bindService(), botService.bindService(),
                conversationService.bindService());
    }

    /**
     * The interceptors in the order to add them to a server builder: the last added runs first, so authentication
     * runs before the in-flight limit and an unauthenticated call never takes a slot.
     */
    public List<ServerInterceptor> interceptors() {
        return authenticator.enabled() ? List.of(limiter, new AuthInterceptor(authenticator)) : List.of(limiter);
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
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
