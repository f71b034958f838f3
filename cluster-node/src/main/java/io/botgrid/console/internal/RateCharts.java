package io.botgrid.console.internal;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small charts of the node's key rates, read from its own metrics registry (the numbers {@code /metrics} exports):
 * every {@link #sample} turns each counter's growth since the previous sample into a rate per second and keeps the
 * last {@value #KEPT}. Drawn as inline SVG: no chart library, no script. Thread-safe.
 */
final class RateCharts {
    static final int KEPT = 60;
    /** Counter (its Prometheus name without {@code _total}) → what the chart is called. */
    static final Map<String, String> RATES = rates();

    private final PrometheusRegistry registry;
    private final Map<String, Deque<Double>> series = new LinkedHashMap<>();
    private final Map<String, Double> last = new LinkedHashMap<>();
    private long lastNanos;

    RateCharts(PrometheusRegistry registry) {
        this.registry = registry;
        RATES.keySet().forEach(k -> series.put(k, new ArrayDeque<>()));
    }

    private static Map<String, String> rates() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("botgrid_actor_messages", "Actor messages /s");
        m.put("botgrid_journal_events_written", "Events written /s");
        m.put("botgrid_grpc_server_calls", "gRPC calls /s");
        m.put("botgrid_channel_messages_in", "Channel messages in /s");
        return m;
    }

    /** Reads the counters once; the first call only sets the baseline. */
    synchronized void sample(long nowNanos) {
        Map<String, Double> totals = new LinkedHashMap<>();
        RATES.keySet().forEach(k -> totals.put(k, 0.0));
        for (MetricSnapshot s : registry.scrape()) {
            String name = s.getMetadata().getPrometheusName();
            if (s instanceof CounterSnapshot c && totals.containsKey(name)) {
                double sum = c.getDataPoints().stream().mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
                        .sum();
                totals.put(name, sum);
            }
        }
        if (lastNanos != 0 && nowNanos > lastNanos) {
            double seconds = (nowNanos - lastNanos) / 1e9;
            for (var e : totals.entrySet()) {
                double rate = Math.max(0, e.getValue() - last.getOrDefault(e.getKey(), 0.0)) / seconds;
                Deque<Double> d = series.get(e.getKey());
                d.addLast(rate);
                while (d.size() > KEPT) {
                    d.removeFirst();
                }
            }
        }
        last.clear();
        last.putAll(totals);
        lastNanos = nowNanos;
    }

    /** The charts as HTML: one figure per rate with its latest value. */
    synchronized String render() {
        StringBuilder b = new StringBuilder("<div class=\"charts\" id=\"charts\">");
        for (var e : RATES.entrySet()) {
            List<Double> values = new ArrayList<>(series.get(e.getKey()));
            double latest = values.isEmpty() ? 0 : values.get(values.size() - 1);
            b.append("<figure class=\"chart\" data-metric=\"").append(Html.esc(e.getKey())).append("\">")
                    .append(svg(values)).append("<figcaption>").append(Html.esc(e.getValue())).append(": <b>")
                    .append(String.format(Locale.ROOT, "%.1f", latest)).append("</b></figcaption></figure>");
        }
        return b.append("</div>").toString();
    }

    private static String svg(List<Double> values) {
        int w = 240;
        int h = 48;
        double max = Math.max(1, values.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double x = values.size() == 1 ? w : i * (double) w / (KEPT - 1);
            double y = h - 2 - values.get(i) / max * (h - 4);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w
                + " " + h + "\" role=\"img\"><rect width=\"" + w + "\" height=\"" + h
                + "\" fill=\"#f4f6f8\"/><polyline fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"1.5\" points=\""
                + points.toString().trim() + "\"/></svg>";
    }
}
