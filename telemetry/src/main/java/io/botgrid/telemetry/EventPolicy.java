package io.botgrid.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one event name is sampled and folded.
 *
 * @param sampleRate the share of occurrences kept, in (0, 1]; deterministic (every {@code 1/rate}-th occurrence),
 *     so a rate of 0.25 keeps exactly one in four
 * @param dedupKeys metadata keys that identify "the same" event: occurrences with equal values of these keys within
 *     {@code dedupWindow} become one event with a count. Empty with a zero window: no folding
 * @param dedupWindow how long occurrences fold into the first one; {@link Duration#ZERO} publishes each at the next
 *     flush
 */
public record EventPolicy(double sampleRate, List<String> dedupKeys, Duration dedupWindow) {
    /** Every occurrence kept, none folded. */
    public static final EventPolicy EVERY = new EventPolicy(1.0, List.of(), Duration.ZERO);

    public EventPolicy {
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sampleRate must be in (0, 1], got " + sampleRate);
        }
        dedupKeys = List.copyOf(Objects.requireNonNull(dedupKeys, "dedupKeys"));
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        if (dedupWindow.isNegative()) {
            throw new IllegalArgumentException("dedupWindow must be >= 0, got " + dedupWindow);
        }
    }

    /** Folds occurrences with equal values of {@code keys} within {@code window}. */
    public static EventPolicy dedup(Duration window, String... keys) {
        return new EventPolicy(1.0, List.of(keys), window);
    }

    public EventPolicy withSampleRate(double rate) {
        return new EventPolicy(rate, dedupKeys, dedupWindow);
    }

    /** Whether occurrences fold into one event within a window. */
    public boolean folds() {
        return !dedupWindow.isZero();
    }
}
