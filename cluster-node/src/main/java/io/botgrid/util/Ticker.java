package io.botgrid.util;

/**
 * A monotonic nanosecond source, injected wherever deadlines and idle times are measured, so tests can drive time
 * instead of sleeping. Wall-clock time stays with {@link java.time.Clock}; this is only for durations.
 */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds from an arbitrary origin; only differences are meaningful (as {@link System#nanoTime()}). */
    long nanoTime();

    /** The JVM's monotonic clock. */
    static Ticker system() {
        return System::nanoTime;
    }
}
