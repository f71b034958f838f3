package io.botgrid.grpc.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Writes at most {@code maxLines} lines per interval to a logger and drops the others, counting them; the next line
 * written says how many were dropped before it. Callers on the network decide how often the front logs a refusal or
 * a failure: without a bound, a flood of bad requests would fill the disk and drown every other line.
 *
 * <p>Lines never carry a stack trace (no {@link Throwable} is passed on). Thread-safe.
 */
final class RateLimitedLog {
    private final Logger log;
    private final int maxLines;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int lines;
    private long dropped;

    RateLimitedLog(Logger log, int maxLines, Duration interval) {
        this(log, maxLines, interval, System::nanoTime);
    }

    RateLimitedLog(Logger log, int maxLines, Duration interval, LongSupplier nanoTime) {
        if (maxLines < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("maxLines must be >= 1 and the interval positive, got " + maxLines
                    + " per " + interval);
        }
        this.log = log;
        this.maxLines = maxLines;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /** A WARN line, unless the interval's lines are used up. */
    void warn(String format, Object... args) {
        long droppedBefore = admit();
        if (droppedBefore >= 0) {
            log.warn(withDropped(format, droppedBefore), withDropped(args, droppedBefore));
        }
    }

    /** An ERROR line, unless the interval's lines are used up. */
    void error(String format, Object... args) {
        long droppedBefore = admit();
        if (droppedBefore >= 0) {
            log.error(withDropped(format, droppedBefore), withDropped(args, droppedBefore));
        }
    }

    /** The number of lines dropped since the last one written, or -1 when this one is to be dropped. */
    private synchronized long admit() {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= intervalNanos) {
            windowStart = now;
            lines = 0;
        }
        if (lines >= maxLines) {
            dropped++;
            return -1;
        }
        lines++;
        long d = dropped;
        dropped = 0;
        return d;
    }

    private static String withDropped(String format, long dropped) {
        return dropped == 0 ? format : format + " ({} similar line(s) dropped before this one)";
    }

    private static Object[] withDropped(Object[] args, long dropped) {
        if (dropped == 0) {
            return args;
        }
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = dropped;
        return all;
    }
}
