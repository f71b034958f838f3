package io.botgrid.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Metrics of supervised workers, chain stages and the chain autoscaler. Labels are spec ids ({@code spec},
 * {@code chain}) and stage names ({@code stage}, {@code end} for the end function): names an operator declared, a
 * closed set per cluster, never an item key or a bot id.
 *
 * <p>Why counters and callbacks: items and lifecycle facts are counted where they happen (the engine's observer and
 * its event listener); instances and backlog are read from the engine's status at scrape time, so a gauge is never
 * stale and costs nothing between scrapes.
 */
public final class WorkerMetrics {
    /**
     * A chain stage's current size, read at scrape time.
     *
     * @param maxInstances the stage's {@code maxInstances}, the ceiling of the autoscaler
     * @param autoscaled whether the stage has an autoscale policy (only those export
     *     {@code botgrid_autoscaler_max_instances}: a fixed stage cannot be "at max")
     */
    public record StageGauge(String chain, String stage, int instances, int backlog, int maxInstances,
                             boolean autoscaled) {
        /** A stage without an autoscale policy. */
        public StageGauge(String chain, String stage, int instances, int backlog) {
            this(chain, stage, instances, backlog, instances, false);
        }
    }

    private final Counter items;
    private final Histogram handling;
    private final Histogram wait;
    private final Counter starts;
    private final Counter crashes;
    private final Counter restarts;
    private final Counter failures;
    private final Counter decisions;
    private final Gauge desired;
    private volatile Supplier<List<StageGauge>> stages = List::of;

    WorkerMetrics(PrometheusRegistry registry) {
        items = Counter.builder().name("botgrid_chain_stage_items_total")
                .help("Items a chain stage handled, by outcome (handled, failed); rate() is the stage's items/s")
                .labelNames("chain", "stage", "outcome").register(registry);
        handling = Histogram.builder().name("botgrid_chain_stage_handling_seconds")
                .help("Time a chain stage instance took to handle one item")
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .labelNames("chain", "stage").register(registry);
        wait = Histogram.builder().name("botgrid_chain_stage_wait_seconds")
                .help("Time an item waited for a chain stage instance (queue wait and backpressure)")
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .labelNames("chain", "stage").register(registry);
        GaugeWithCallback.builder().name("botgrid_chain_stage_instances")
                .help("Instances a chain stage runs on this node now")
                .labelNames("chain", "stage")
                .callback(cb -> stages.get().forEach(s -> cb.call(s.instances(), s.chain(), s.stage())))
                .register(registry);
        GaugeWithCallback.builder().name("botgrid_chain_stage_backlog_items")
                .help("Items queued in a chain stage on this node now (not counting those being handled)")
                .labelNames("chain", "stage")
                .callback(cb -> stages.get().forEach(s -> cb.call(s.backlog(), s.chain(), s.stage())))
                .register(registry);
        // Why a gauge of the ceiling: "at max" (instances == max while the backlog stays) is the autoscaler's one
        // state an operator must act on (raise maxInstances or add nodes), and it needs the ceiling next to the count.
        GaugeWithCallback.builder().name("botgrid_autoscaler_max_instances")
                .help("The maxInstances of an autoscaled chain stage on this node: the autoscaler never goes above it")
                .labelNames("chain", "stage")
                .callback(cb -> stages.get().stream().filter(StageGauge::autoscaled)
                        .forEach(s -> cb.call(s.maxInstances(), s.chain(), s.stage())))
                .register(registry);
        starts = Counter.builder().name("botgrid_worker_starts_total")
                .help("Times a worker spec's instances started on this node (first start and restarts)")
                .labelNames("spec").register(registry);
        crashes = Counter.builder().name("botgrid_worker_crashes_total")
                .help("Crashes of a worker spec's instances on this node")
                .labelNames("spec").register(registry);
        restarts = Counter.builder().name("botgrid_worker_restarts_total")
                .help("Restarts of a worker spec scheduled by its supervisor on this node")
                .labelNames("spec").register(registry);
        failures = Counter.builder().name("botgrid_worker_failures_total")
                .help("Times the supervisor gave a worker spec up on this node (restart intensity exceeded)")
                .labelNames("spec").register(registry);
        decisions = Counter.builder().name("botgrid_autoscaler_decisions_total")
                .help("Autoscaler decisions for a chain stage, by action (up, down, hold)")
                .labelNames("chain", "stage", "action").register(registry);
        desired = Gauge.builder().name("botgrid_autoscaler_desired_instances")
                .help("The instance count the autoscaler last set or kept for a chain stage")
                .labelNames("chain", "stage").register(registry);
    }

    /** Where the instance and backlog gauges read from (the node's workers engine). */
    public void stagesFrom(Supplier<List<StageGauge>> source) {
        stages = Objects.requireNonNull(source, "source");
    }

    /** A stage handled (or failed) one item. */
    public void handled(String chain, String stage, long handlingNanos, long waitNanos, boolean failed) {
        items.labelValues(chain, stage, failed ? "failed" : "handled").inc();
        handling.labelValues(chain, stage).observe(handlingNanos / 1e9);
        wait.labelValues(chain, stage).observe(waitNanos / 1e9);
    }

    /** A spec's instances started; its crash, restart and failure series exist from then on, at zero. */
    public void started(String spec) {
        starts.labelValues(spec).inc();
        crashes.labelValues(spec);
        restarts.labelValues(spec);
        failures.labelValues(spec);
    }

    public void crashed(String spec) {
        crashes.labelValues(spec).inc();
    }

    public void restarting(String spec) {
        restarts.labelValues(spec).inc();
    }

    public void failed(String spec) {
        failures.labelValues(spec).inc();
    }

    /** An autoscaler decision: {@code action} is {@code up}, {@code down} or {@code hold}. */
    public void decision(String chain, String stage, String action, int instances) {
        decisions.labelValues(chain, stage, action).inc();
        desired.labelValues(chain, stage).set(instances);
    }
}
