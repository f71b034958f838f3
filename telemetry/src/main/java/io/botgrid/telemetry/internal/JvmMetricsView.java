package io.botgrid.telemetry.internal;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Predicate;

/**
 * The JVM's and the process's metrics ({@code jvm_*}, {@code process_*}), collected in one registry per JVM and shown
 * in every node's registry through this view.
 *
 * <p>Why not {@code JvmMetrics.builder().register(nodeRegistry)}: {@link JvmMetrics} remembers every registry it was
 * registered with in a static set (so that it registers once per registry), and a node's registry holds callbacks
 * into the node. Every node ever started in the JVM stayed reachable: the cluster tests, which start hundreds of
 * nodes in one JVM, ran out of heap. The figures are the process's anyway, the same for every node it hosts.
 */
public final class JvmMetricsView implements MultiCollector {
    /** The one view; it holds no state of its own. */
    public static final JvmMetricsView INSTANCE = new JvmMetricsView();

    private static final PrometheusRegistry JVM = jvmRegistry();

    private JvmMetricsView() {
    }

    private static PrometheusRegistry jvmRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        return registry;
    }

    @Override
    public MetricSnapshots collect() {
        return JVM.scrape();
    }

    @Override
    public MetricSnapshots collect(PrometheusScrapeRequest request) {
        return JVM.scrape(request);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> includedNames) {
        return JVM.scrape(includedNames);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> includedNames, PrometheusScrapeRequest request) {
        return JVM.scrape(includedNames, request);
    }
}
