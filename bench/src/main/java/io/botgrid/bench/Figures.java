package io.botgrid.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Prints figures, one a line, {@code name: value unit}, on standard output; progress goes to standard error. Every
 * figure of the benchmarks goes through here, so their format (which {@code docs/benchmarks.md} quotes and scripts
 * parse) is decided in one place.
 */
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

    /** A duration given in nanoseconds, printed in milliseconds. */
    static void millis(String name, double nanos) {
        line(name, String.format(Locale.ROOT, "%.3f ms", nanos / 1e6));
    }

    /** The lines that open a run: {@code jdk}, {@code date}, {@code cores}. */
    static void machine() {
        line("jdk", Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")");
        line("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        line("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The figures of a measured phase under {@code name}: throughput, latency, completed and failed operations, CPU
     * per process and of the driver thread, CPU per successful operation of the processes together, GC, and node 1's
     * journal writes if the probe saw them.
     */
    static void load(String name, ClosedLoop.Result r, Probe.Window w) {
        figure(name + ".throughput", r.throughput(), "ops/s");
        latency(name + ".latency", r.latency());
        count(name + ".completed", r.ok(), "ops");
        count(name + ".errors", r.errors(), "ops");
        if (r.firstError() != null) {
            progress(name + ": first error: " + r.firstError());
        }
        double seconds = r.nanos() / 1e9;
        long allCpu = 0;
        boolean allKnown = true;
        for (Probe.CpuUse cpu : w.cpu()) {
            if (cpu.nanos() >= 0) {
                figure(name + ".cpu." + cpu.label(), cpu.nanos() / 1e9 / seconds, "cores");
                allCpu += cpu.nanos();
            } else {
                allKnown = false;
            }
        }
        if (allKnown && allCpu > 0 && r.ok() > 0) {
            // Steadier than the throughput on a shared host: it moves less with the CPU the run gets.
            figure(name + ".cpu_per_op", allCpu / 1e3 / r.ok(), "us");
        }
        if (r.driverThreadCpuNanos() >= 0) {
            figure(name + ".cpu.driver_thread", r.driverThreadCpuNanos() / 1e9 / seconds, "cores");
        }
        count(name + ".gc." + w.gcLabel(), w.gcMillis(), "ms");
        Probe.JournalWrites j = w.journal();
        if (j != null && j.writes() > 0) {
            count(name + ".journal.node1.writes", (long) j.writes(), "writes");
            figure(name + ".journal.node1.batch_events.mean", j.events() / j.writes(), "events");
            figure(name + ".journal.node1.write.mean", j.seconds() / j.timedWrites() * 1e3, "ms");
        }
    }

    /**
     * {@code name.<against>.ratio} (throughput) and {@code .p99_ratio} of a result to the reference it is compared
     * with in the same run; nothing if either has no successful operation.
     */
    static void ratios(String name, String against, ClosedLoop.Result r, ClosedLoop.Result reference) {
        if (r == null || reference == null || r.ok() == 0 || reference.ok() == 0) {
            return;
        }
        figure(name + "." + against + ".ratio", r.throughput() / reference.throughput(), "");
        figure(name + "." + against + ".p99_ratio", (double) r.latency().getValueAtPercentile(99)
                / reference.latency().getValueAtPercentile(99), "");
    }

    static void progress(String message) {
        System.err.println("[bench] " + message);
        System.err.flush();
    }
}
