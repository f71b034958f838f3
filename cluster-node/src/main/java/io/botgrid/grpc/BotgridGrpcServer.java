package io.botgrid.grpc;

import io.botgrid.grpc.internal.CallMetricsInterceptor;
import io.botgrid.grpc.internal.EarlyTrailerResets;
import io.botgrid.grpc.internal.FrontServices;
import io.botgrid.grpc.internal.LogContextInterceptor;
import io.botgrid.grpc.internal.TransportRefusals;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.telemetry.GrpcMetrics;
import io.botgrid.util.Lifecycle;
import io.botgrid.util.Lifecycle.State;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's gRPC front: {@code botgrid.v1.ActorService}, {@code botgrid.v1.ClusterService}, the bot platform's
 * {@code botgrid.v1.BotService} and {@code botgrid.v1.ConversationService}, standard health checking
 * ({@code grpc.health.v1}) and server reflection ({@code grpc.reflection.v1} and {@code v1alpha}), on grpc-java's
 * Netty transport.
 *
 * <p>A node starts its front with the {@link FrontPorts} it offers, before it joins the cluster (so the port it bound, possibly chosen by
 * the system, is published to the other nodes), reports {@code NOT_SERVING} until its actor runtime is ready, and
 * stops it before the runtime: see {@link #close}. Calls are handled on the transport's threads and answered from
 * the actors' futures on the threads that complete them (the bot services' on the front's own threads); nothing
 * blocks a transport thread.
 *
 * <p>Lifecycle RUNNING → STOPPING → STOPPED by compare-and-set. Thread-safe.
 */
public final class BotgridGrpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotgridGrpcServer.class);


    private static final List<String> SERVICES = List.of("", ActorServiceGrpc.SERVICE_NAME,
            ClusterServiceGrpc.SERVICE_NAME, BotServiceGrpc.SERVICE_NAME, ConversationServiceGrpc.SERVICE_NAME);

    private final String nodeName;
    private final GrpcServerConfig config;
    private final FrontServices front;
    private final HealthStatusManager health;
    private final Server server;
    /** Stops the front's own event loops once the server has terminated ({@link EarlyTrailerResets}). */
    private final AutoCloseable eventLoops;
    private final Lifecycle lifecycle = runningLifecycle();

    private BotgridGrpcServer(String nodeName, GrpcServerConfig config, FrontServices front,
                              HealthStatusManager health, Server server, AutoCloseable eventLoops) {
        this.nodeName = nodeName;
        this.config = config;
        this.front = front;
        this.health = health;
        this.server = server;
        this.eventLoops = eventLoops;
    }

    /**
     * Binds and starts a front on the node's {@code ports}, reporting NOT_SERVING until {@link #serving(boolean)} says
     * otherwise. JWT expiry is checked against the system clock.
     *
     * @throws IllegalArgumentException if TLS files or the JWT secret are missing or unusable
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static BotgridGrpcServer start(FrontPorts ports, GrpcServerConfig config) {
        return start(ports, config, Clock.systemUTC());
    }

    /** {@link #start(FrontPorts, GrpcServerConfig)} with the clock that JWT expiry is checked against. */
    public static BotgridGrpcServer start(FrontPorts ports, GrpcServerConfig config, Clock clock) {
        return start(ports, config, clock, null, OpenTelemetry.noop());
    }

    /**
     * {@link #start(FrontPorts, GrpcServerConfig, Clock)} that also counts every call in {@code metrics} (by method
     * and status code, with latency; null counts nothing) and opens a server span per call with OpenTelemetry's own
     * gRPC instrumentation (which continues the caller's {@code traceparent} metadata and records the {@code rpc.*}
     * attributes; with the no-op instance no interceptor is added at all).
     */
    public static BotgridGrpcServer start(FrontPorts ports, GrpcServerConfig config, Clock clock, GrpcMetrics metrics,
                                          OpenTelemetry openTelemetry) {
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        ServerCredentials credentials = credentials(config);
        FrontServices front = new FrontServices(ports, config, clock);
        HealthStatusManager health = new HealthStatusManager();
        for (String service : SERVICES) {
            health.setStatus(service, ServingStatus.NOT_SERVING);
        }
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(config.host(), config.port()), credentials)
                .directExecutor()
                .maxInboundMessageSize(config.maxMessageBytes())
                .maxInboundMetadataSize(config.maxMetadataBytes())
                .maxConcurrentCallsPerConnection(config.maxConcurrentStreams())
                .permitKeepAliveTime(config.permitKeepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
                .permitKeepAliveWithoutCalls(false)
                .maxConnectionIdle(config.maxConnectionIdle().toNanos(), TimeUnit.NANOSECONDS)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(reflectionV1alpha());
        if (!config.maxConnectionAge().isZero()) {
            builder.maxConnectionAge(config.maxConnectionAge().toNanos(), TimeUnit.NANOSECONDS)
                    .maxConnectionAgeGrace(config.maxConnectionAgeGrace().isZero() ? Long.MAX_VALUE
                            : config.maxConnectionAgeGrace().toNanos(), TimeUnit.NANOSECONDS);
        }
        for (ServerServiceDefinition service : front.services()) {
            builder.addService(service);
        }
        for (ServerInterceptor interceptor : front.interceptors()) {
            builder.intercept(interceptor);
        }
        builder.intercept(new LogContextInterceptor(ports.nodeName()));
        if (metrics != null) {
            builder.intercept(new CallMetricsInterceptor(metrics)); // sees every status, refusals included
        }
        if (openTelemetry.getTracerProvider() != TracerProvider.noop()) {
            // Added last, so it runs first: refusals by the barrier, authentication or the limiter are traced too.
            builder.intercept(GrpcTelemetry.create(openTelemetry).createServerInterceptor());
        }
        AutoCloseable eventLoops = EarlyTrailerResets.install(builder, ports.nodeName());
        TransportRefusals.install();
        Server server;
        try {
            server = builder.build().start();
        } catch (IOException e) {
            front.shutdown(Duration.ZERO);
            closeQuietly(eventLoops);
            throw new UncheckedIOException("gRPC front of node " + ports.nodeName() + " cannot listen on "
                    + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        BotgridGrpcServer started = new BotgridGrpcServer(ports.nodeName(), config, front, health, server,
                eventLoops);
        started.logStart();
        return started;
    }

    /**
     * Server reflection {@code grpc.reflection.v1alpha}, for the tools that speak only that version. grpc-java
     * deprecates the class in favour of v1 but still ships it, answering from the same index as v1.
     */
    @SuppressWarnings("deprecation") // v1alpha is deprecated upstream, yet some tools speak nothing else
    private static BindableService reflectionV1alpha() {
        return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
    }

    private void logStart() {
        LOG.info("gRPC front of node {} listens on {}:{} ({}, {}, at most {} calls in flight, messages up to {} "
                        + "bytes, metadata up to {} bytes, {} streams per connection, deadlines up to {})", nodeName,
                config.host(), port(), config.tlsEnabled() ? "TLS" : "plaintext",
                front.authEnabled() ? "bearer tokens required" : "no authentication", config.maxInFlightCalls(),
                config.maxMessageBytes(), config.maxMetadataBytes(), config.maxConcurrentStreams(),
                config.maxDeadline());
        if (!front.authEnabled()) {
            LOG.warn("!!! gRPC front of node {} on {}:{} has NO AUTHENTICATION: anyone who reaches the port may call "
                    + "every actor and drain nodes. Configure grpcApiKeys or grpcJwtSecretFile for anything but a "
                    + "local trial. !!!", nodeName, config.host(), port());
        } else if (!config.tlsEnabled()) {
            LOG.warn("gRPC front of node {} checks bearer tokens but has no TLS: tokens cross the network in clear "
                    + "text. Configure grpcTlsCertFile and grpcTlsKeyFile.", nodeName);
        }
    }

    /** The port the front listens on (the one the system chose when the configured port is 0). */
    public int port() {
        return server.getPort();
    }

    /** The settings the front runs with. */
    public GrpcServerConfig config() {
        return config;
    }

    /**
     * Sets what health checking reports for the whole server and for each Botgrid service: SERVING when the node's
     * runtime takes calls, NOT_SERVING while it starts, drains or stops. The node says which: the front cannot tell. Ignored once the front is stopping.
     */
    public void serving(boolean value) {
        if (!lifecycle.isRunning()) {
            return;
        }
        for (String service : SERVICES) {
            health.setStatus(service, value ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
        }
    }

    /** Whether the front is bound and takes calls (not stopping or stopped). */
    public boolean isRunning() {
        return lifecycle.isRunning() && !server.isShutdown();
    }

    /** Unary calls being served now. */
    public int callsInFlight() {
        return front.callsInFlight();
    }

    /** {@code FollowEvents} streams open now. */
    public int openStreams() {
        return front.openStreams();
    }

    /**
     * Graceful stop: health turns NOT_SERVING for good, new calls are refused (UNAVAILABLE), event streams end with
     * UNAVAILABLE and the sequence number to resume from, and unary calls in flight get up to the configured
     * shutdown timeout to finish before they are cancelled. Returns when the front is stopped.
     */
    @Override
    public void close() {
        if (!lifecycle.tryTransition(State.RUNNING, State.STOPPING)) {
            return;
        }
        health.enterTerminalState();
        server.shutdown();
        front.closeStreams();
        Duration bound = config.shutdownTimeout();
        try {
            if (!server.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("gRPC front of node {}: {} call(s) still in flight after {}; cancelling them", nodeName,
                        front.callsInFlight(), bound);
                server.shutdownNow();
                server.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        front.shutdown(Duration.ofSeconds(1));
        closeQuietly(eventLoops);
        lifecycle.tryTransition(State.STOPPING, State.STOPPED);
        LOG.info("gRPC front of node {} stopped", nodeName);
    }

    /** The front is built started: its constructor binds and starts the server. */
    private static Lifecycle runningLifecycle() {
        Lifecycle l = new Lifecycle();
        l.tryTransition(State.NEW, State.RUNNING);
        return l;
    }

    /** Abrupt stop, as when the process dies: connections are cut, nothing finishes. For tests of failover. */
    public void halt() {
        if (!lifecycle.markStopped()) {
            return;
        }
        health.enterTerminalState();
        server.shutdownNow();
        front.shutdown(Duration.ZERO);
        closeQuietly(eventLoops);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("gRPC front's event loops did not stop cleanly: {}", e.toString());
        }
    }

    private static ServerCredentials credentials(GrpcServerConfig config) {
        if (!config.tlsEnabled()) {
            return InsecureServerCredentials.create();
        }
        requireReadable(config.tlsCertFile(), "grpcTlsCertFile");
        requireReadable(config.tlsKeyFile(), "grpcTlsKeyFile");
        try {
            return TlsServerCredentials.create(config.tlsCertFile().toFile(), config.tlsKeyFile().toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("TLS certificate " + config.tlsCertFile() + " and key "
                    + config.tlsKeyFile() + " are not usable (PEM certificate chain and PKCS#8 key expected): "
                    + e.getMessage(), e);
        }
    }

    private static void requireReadable(Path file, String key) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key + " " + file + " does not exist or cannot be read");
        }
    }
}
