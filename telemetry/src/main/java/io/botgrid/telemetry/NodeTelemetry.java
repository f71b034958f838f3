package io.botgrid.telemetry;

import io.botgrid.telemetry.internal.JvmMetricsView;
import io.botgrid.telemetry.internal.SampledEvents;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything one node observes about itself: its own Prometheus registry (several nodes in one JVM keep their
 * figures apart), the metric groups each component records into, the sampled events, and the health checks.
 *
 * <p>The composition root builds one per node and hands each component only its group ({@link #runtime()},
 * {@link #grpc()}, {@link #channels()}, {@link #handlers()}) and, where it emits events, {@link #events()}.
 * Thread-safe. Close it to publish the events held and stop their thread.
 */
public final class NodeTelemetry implements AutoCloseable {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Events.Running events;
    private final RuntimeMetrics runtime;
    private final GrpcMetrics grpc;
    private final ChannelMetrics channels;
    private final HandlerMetrics handlers;
    private final LlmMetrics llm;
    private final WorkerMetrics workers;
    private final ReplicationMetrics replication;
    private final TlsMetrics tls;
    private final HealthChecks health = new HealthChecks();

    private NodeTelemetry(String nodeName, EventsConfig eventsConfig, Clock clock, boolean jvm) {
        events = SampledEvents.start(eventsConfig, clock, registry, "botgrid-events-" + nodeName);
        runtime = new RuntimeMetrics(registry, events);
        grpc = new GrpcMetrics(registry);
        channels = new ChannelMetrics(registry);
        handlers = new HandlerMetrics(registry);
        llm = new LlmMetrics(registry);
        workers = new WorkerMetrics(registry);
        // Readiness as a gauge, so that an alert and a dashboard see what the orchestrator's probe sees.
        GaugeWithCallback.builder().name("botgrid_node_ready")
                .help("1 when this node's readiness checks all hold (/health/ready answers 200), else 0")
                .callback(cb -> cb.call(health.ready().healthy() ? 1 : 0)).register(registry);
        replication = new ReplicationMetrics(registry);
        tls = new TlsMetrics(registry);
        if (jvm) {
            registry.register(JvmMetricsView.INSTANCE);
        }
    }

    /**
     * The telemetry of one node, with JVM metrics ({@code jvm_*}, {@code process_*}).
     *
     * @param nodeName names the events' thread
     */
    public static NodeTelemetry create(String nodeName, EventsConfig eventsConfig, Clock clock) {
        return new NodeTelemetry(Objects.requireNonNull(nodeName, "nodeName"), eventsConfig, clock, true);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public Events events() {
        return events;
    }

    public RuntimeMetrics runtime() {
        return runtime;
    }

    public GrpcMetrics grpc() {
        return grpc;
    }

    public ChannelMetrics channels() {
        return channels;
    }

    public HandlerMetrics handlers() {
        return handlers;
    }

    /** Workers, chain stages and the autoscaler. */
    public LlmMetrics llm() {
        return llm;
    }

    public WorkerMetrics workers() {
        return workers;
    }

    public ReplicationMetrics replication() {
        return replication;
    }

    /** The expiry of the certificates the node serves with (gRPC and cluster TLS). */
    public TlsMetrics tls() {
        return tls;
    }

    /** The node's liveness and readiness checks, to which components add theirs. */
    public HealthChecks health() {
        return health;
    }

    /** Serves {@code /metrics} and the health endpoints on {@code host:port} (0: any free port). */
    public MetricsServer serve(String host, int port) {
        return MetricsServer.start(host, port, registry, health);
    }

    @Override
    public void close() {
        events.close();
    }
}
