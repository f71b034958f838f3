package io.botgrid.telemetry;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * Replication of journals to the standby region, as the shipping node sees it. The lag (the age of the oldest
 * journal change of this node not yet acknowledged by the standby) is what a region failure would lose: the RPO.
 * Registered on every node; a node that ships nothing reports a lag of 0 and no shipments.
 */
public final class ReplicationMetrics {
    /** The {@code kind} label of journal records. */
    public static final String JOURNAL = "journal";
    /** The {@code kind} label of worker specs. */
    public static final String SPEC = "spec";
    /** The {@code kind} label of actors' snapshots. */
    public static final String SNAPSHOT = "snapshot";
    private static final List<String> KINDS = List.of(JOURNAL, SPEC, SNAPSHOT);
    private final AtomicReference<DoubleSupplier> lag = new AtomicReference<>(() -> 0);
    private final Counter shipped;
    private final Counter failures;
    private final DistributionDataPoint shipLag;
    private final CounterDataPoint diverged;

    ReplicationMetrics(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("botgrid_replication_lag_seconds")
                .help("Age of the oldest journal change of this node not yet acknowledged by the standby region "
                        + "(0: nothing pending); what losing this region now would lose")
                .callback(cb -> cb.call(lag.get().getAsDouble())).register(registry);
        shipped = Counter.builder().name("botgrid_replication_records_shipped_total")
                .help("Items acknowledged by the standby region, by kind: journal records, worker specs, snapshots")
                .labelNames("kind").register(registry);
        failures = Counter.builder().name("botgrid_replication_failures_total")
                .help("Batches the standby region did not take (unreachable, refused), by kind; retried")
                .labelNames("kind").register(registry);
        for (String kind : KINDS) {
            shipped.initLabelValues(kind);
            failures.initLabelValues(kind);
        }
        shipLag = Histogram.builder().name("botgrid_replication_ship_lag_seconds")
                .help("Time from a journal change being seen by the shipper to its acknowledgement by the standby")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .register(registry).labelValues();
        diverged = Counter.builder().name("botgrid_replication_diverged_records_total")
                .help("Journal records this region wrote as the home of its actors and never shipped, moved "
                        + "aside (to the cache botgrid-diverged) when it was re-synchronised from the region promoted "
                        + "over it")
                .register(registry).labelValues();
    }

    /** Where the lag gauge reads the current lag, in seconds. */
    public void lagSource(DoubleSupplier seconds) {
        lag.set(seconds);
    }

    /** A batch of {@code records} journal records was acknowledged. */
    public void shipped(long records) {
        shipped(JOURNAL, records);
    }

    /** {@code count} items of {@code kind} ({@link #JOURNAL}, {@link #SPEC}, {@link #SNAPSHOT}) were acknowledged. */
    public void shipped(String kind, long count) {
        shipped.labelValues(kind).inc(count);
    }

    /** One actor's changes were acknowledged {@code seconds} after the shipper first saw them. */
    public void shipLag(double seconds) {
        shipLag.observe(seconds);
    }

    /** {@code records} diverged records were moved aside by a re-synchronisation. */
    public void diverged(long records) {
        diverged.inc(records);
    }

    /** A batch of journal records was not taken. */
    public void failed() {
        failed(JOURNAL);
    }

    /** A batch of {@code kind} was not taken. */
    public void failed(String kind) {
        failures.labelValues(kind).inc();
    }
}
