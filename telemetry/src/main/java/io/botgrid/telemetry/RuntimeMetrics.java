package io.botgrid.telemetry;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The actor runtime's metrics, registered in one node's own registry.
 *
 * <p>Why a class of its own: the runtime records through these few typed methods and never touches the Prometheus
 * API, so metric names and labels stay in one place and match the dashboards in {@code ops/}. All methods are
 * thread-safe and cheap enough for the hot path (a label lookup and an atomic add; no allocation). Labels are the
 * actor type (a closed set registered at start), never an actor key.
 *
 * <p>Activations and passivations are also {@link Events} ({@code actor.activated}, {@code actor.passivated}).
 */
public final class RuntimeMetrics {
    private final PrometheusRegistry registry;
    private final Events events;
    private final Counter activations;
    private final Counter passivations;
    private final Counter messages;
    private final Counter turnFailures;
    private final Histogram turnSeconds;
    private final CounterDataPoint eventsWritten;
    private final Histogram journalBatchSize;
    private final Histogram journalWriteSeconds;
    private final CounterDataPoint snapshotWrites;
    private final Counter remoteCalls;
    /**
     * The per-turn series of each actor type, looked up once: {@code labelValues} builds a label list and searches
     * the metric's map, which every turn would otherwise pay twice.
     */
    private final ConcurrentMap<String, TypeSeries> byType = new ConcurrentHashMap<>();
    private volatile Supplier<Map<String, ActivationLoad>> load = Map::of;

    /** The series every turn of one actor type records to. */
    private record TypeSeries(CounterDataPoint messages, DistributionDataPoint turnSeconds) {
    }

    /** Live activations and queued messages of one actor type, read at scrape time. */
    public record ActivationLoad(long live, long queued) {
    }

    /** Creates the runtime metrics in a new registry, without events (tests of the runtime alone). */
    public RuntimeMetrics() {
        this(new PrometheusRegistry(), Events.NONE);
    }

    /** Creates the runtime metrics in {@code registry}; activations and passivations also go to {@code events}. */
    public RuntimeMetrics(PrometheusRegistry registry, Events events) {
        this.registry = registry;
        this.events = events;
        activations = Counter.builder().name("botgrid_actor_activations_total")
                .help("Actor activations started on this node").labelNames("type").register(registry);
        passivations = Counter.builder().name("botgrid_actor_passivations_total")
                .help("Actor activations ended on this node, by reason").labelNames("type", "reason")
                .register(registry);
        messages = Counter.builder().name("botgrid_actor_messages_total")
                .help("Messages processed by actor turns").labelNames("type").register(registry);
        turnFailures = Counter.builder().name("botgrid_actor_turn_failures_total")
                .help("Turns that threw; the call failed and no event was persisted").labelNames("type")
                .register(registry);
        turnSeconds = Histogram.builder().name("botgrid_actor_turn_duration_seconds")
                .help("Time of one turn from taking the message to the reply, journal append included")
                .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5)
                .labelNames("type").register(registry);
        GaugeWithCallback.builder().name("botgrid_actor_activations_live")
                .help("Activations live on this node, by actor type").labelNames("type")
                .callback(cb -> load.get().forEach((type, l) -> cb.call(l.live(), type))).register(registry);
        GaugeWithCallback.builder().name("botgrid_actor_mailbox_messages")
                .help("Messages waiting in the mailboxes of this node's activations, by actor type")
                .labelNames("type")
                .callback(cb -> load.get().forEach((type, l) -> cb.call(l.queued(), type))).register(registry);
        eventsWritten = Counter.builder().name("botgrid_journal_events_written_total")
                .help("Events appended to the journal by this node").register(registry).labelValues();
        journalBatchSize = Histogram.builder().name("botgrid_journal_batch_events")
                .help("Events per group-commit journal write (its count is the number of writes)")
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).register(registry);
        journalWriteSeconds = Histogram.builder().name("botgrid_journal_write_seconds")
                .help("Latency of one group-commit journal write, backup and WAL included")
                .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1).register(registry);
        snapshotWrites = Counter.builder().name("botgrid_journal_snapshot_writes_total")
                .help("Actor state snapshots written by this node").register(registry).labelValues();
        remoteCalls = Counter.builder().name("botgrid_remote_calls_total")
                .help("Calls routed to another node, by outcome").labelNames("outcome").register(registry);
        remoteCalls.labelValues("answered");
        remoteCalls.labelValues("resent");
    }

    /**
     * Creates every series of the given actor types at zero (and each passivation reason), so that dashboards and
     * rates see a series from the start rather than a gap until the first event.
     */
    public void declare(Iterable<String> types, Iterable<String> reasons) {
        for (String type : types) {
            activations.labelValues(type);
            messages.labelValues(type);
            turnFailures.labelValues(type);
            turnSeconds.labelValues(type);
            for (String reason : reasons) {
                passivations.labelValues(type, reason);
            }
        }
    }

    /** The registry holding this node's metrics, for an exporter. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Registers a gauge whose value is read at scrape time. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    /**
     * Where the per-type gauges ({@code botgrid_actor_activations_live}, {@code botgrid_actor_mailbox_messages})
     * read from; the runtime sets it when it starts (read at scrape time only).
     */
    public void loadSource(Supplier<Map<String, ActivationLoad>> source) {
        load = source == null ? Map::of : source;
    }

    public void activated(String type) {
        activations.labelValues(type).inc();
        events.emit("actor.activated", Map.of("type", type));
    }

    public void passivated(String type, String reason) {
        passivations.labelValues(type, reason).inc();
        events.emit("actor.passivated", Map.of("type", type, "reason", reason));
    }

    public void message(String type) {
        series(type).messages().inc();
    }

    public void turnFailed(String type) {
        turnFailures.labelValues(type).inc();
    }

    /** A turn of {@code type} ended (replied, rejected or failed) {@code nanos} after it took its message. */
    public void turn(String type, long nanos) {
        series(type).turnSeconds().observe(nanos / 1e9);
    }

    private TypeSeries series(String type) {
        TypeSeries series = byType.get(type);
        return series != null ? series : byType.computeIfAbsent(type,
                t -> new TypeSeries(messages.labelValues(t), turnSeconds.labelValues(t)));
    }

    public void journalWrite(int events, long nanos) {
        eventsWritten.inc(events);
        journalBatchSize.observe(events);
        journalWriteSeconds.observe(nanos / 1e9);
    }

    public void snapshotWritten() {
        snapshotWrites.inc();
    }

    public void remoteCall(String outcome) {
        remoteCalls.labelValues(outcome).inc();
    }

    /**
     * Calls this node has sent to another node so far, with {@code outcome} ("answered" or "resent"): a call that
     * reached a node other than its actor's owner counts here once, on the node that forwarded it.
     */
    public long remoteCalls(String outcome) {
        return (long) remoteCalls.labelValues(outcome).get();
    }

    /** The metrics in Prometheus' text exposition format. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
