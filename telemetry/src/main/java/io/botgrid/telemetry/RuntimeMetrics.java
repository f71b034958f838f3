package io.botgrid.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleSupplier;

/**
 * The actor runtime's metrics, registered in one node's own registry.
 *
 * <p>Why a class of its own: the runtime records through these few typed methods and never touches the Prometheus
 * API, so metric names and labels stay in one place and match the dashboards in {@code ops/}. All methods are
 * thread-safe and cheap enough for the hot path.
 */
public final class RuntimeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter activations;
    private final Counter passivations;
    private final Counter messages;
    private final Counter turnFailures;
    private final Counter eventsWritten;
    private final Histogram journalBatchSize;
    private final Histogram journalWriteSeconds;
    private final Counter remoteCalls;

    /** Creates the runtime metrics in a new registry. */
    public RuntimeMetrics() {
        activations = Counter.builder().name("botgrid_actor_activations_total")
                .help("Actor activations started on this node").labelNames("type").register(registry);
        passivations = Counter.builder().name("botgrid_actor_passivations_total")
                .help("Actor activations ended on this node").labelNames("type", "reason").register(registry);
        messages = Counter.builder().name("botgrid_actor_messages_total")
                .help("Messages processed by actor turns").labelNames("type").register(registry);
        turnFailures = Counter.builder().name("botgrid_actor_turn_failures_total")
                .help("Turns that threw; the call failed and no event was persisted").labelNames("type")
                .register(registry);
        eventsWritten = Counter.builder().name("botgrid_journal_events_written_total")
                .help("Events appended to the journal by this node").register(registry);
        journalBatchSize = Histogram.builder().name("botgrid_journal_batch_events")
                .help("Events per group-commit journal write")
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).register(registry);
        journalWriteSeconds = Histogram.builder().name("botgrid_journal_write_seconds")
                .help("Latency of one group-commit journal write, backup and WAL included")
                .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1).register(registry);
        remoteCalls = Counter.builder().name("botgrid_remote_calls_total")
                .help("Calls routed to another node, by outcome").labelNames("outcome").register(registry);
    }

    /** The registry holding this node's metrics, for an exporter. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Registers a gauge whose value is read at scrape time, e.g. the number of live activations. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    public void activated(String type) {
        activations.labelValues(type).inc();
    }

    public void passivated(String type, String reason) {
        passivations.labelValues(type, reason).inc();
    }

    public void message(String type) {
        messages.labelValues(type).inc();
    }

    public void turnFailed(String type) {
        turnFailures.labelValues(type).inc();
    }

    public void journalWrite(int events, long nanos) {
        eventsWritten.inc(events);
        journalBatchSize.observe(events);
        journalWriteSeconds.observe(nanos / 1e9);
    }

    public void remoteCall(String outcome) {
        remoteCalls.labelValues(outcome).inc();
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
