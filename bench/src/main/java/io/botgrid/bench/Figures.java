package io.botgrid.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Prints figures, one a line, {@code name: value unit}, on standard output; progress goes to standard error. */
final class Figures {
    private Figures() {
    }

    static void line(String name, String value) {
        System.out.println(name + ": " + value);
        System.out.flush();
    }

    static void figure(String name, double value, String unit) {
        String v = Math.abs(value) >= 1_000 ? String.format(Locale.ROOT, "%.0f", value)
                : Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.3f", value);
        line(name, unit.isEmpty() ? v : v + " " + unit);
    }

    static void count(String name, long value, String unit) {
        line(name, value + " " + unit);
    }

    /** p50, p99, p99.9 and max of a histogram of nanoseconds, in milliseconds. */
    static void latency(String prefix, Histogram h) {
        if (h.getTotalCount() == 0) {
            line(prefix + ".p50", "n/a");
            return;
        }
        millis(prefix + ".p50", h.getValueAtPercentile(50.0));
        millis(prefix + ".p99", h.getValueAtPercentile(99.0));
        millis(prefix + ".p99.9", h.getValueAtPercentile(99.9));
        millis(prefix + ".max", h.getMaxValue());
    }

    static void millis(String name, double nanos) {
        line(name, String.format(Locale.ROOT, "%.3f ms", nanos / 1e6));
    }

    static void progress(String message) {
        System.err.println("[bench] " + message);
        System.err.flush();
    }
}
