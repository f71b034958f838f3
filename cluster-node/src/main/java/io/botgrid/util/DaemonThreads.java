package io.botgrid.util;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread factory for a node's own pools: threads are named {@code prefix-N}, so a thread dump says which pool and
 * node they belong to, and are daemons, so an idle pool never keeps the JVM alive after the node has stopped.
 */
public final class DaemonThreads implements ThreadFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonThreads.class);
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    private DaemonThreads(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** A factory naming its threads {@code prefix-1}, {@code prefix-2}, … */
    public static DaemonThreads named(String prefix) {
        return new DaemonThreads(prefix);
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + "-" + next.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    /** Starts {@code task} on one daemon thread of exactly this name (for one-off work off a caller's thread). */
    public static Thread start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A task repeated by {@link #every}; closing it stops the repetition. */
    public interface Repeating extends AutoCloseable {
        /** Runs no further round; a round under way is not interrupted and ends on its own. */
        @Override
        void close();
    }

    /**
     * Runs {@code round} on one daemon thread of exactly this name, first {@code period} from now, then {@code period}
     * after each round ends, until closed. A round that throws is logged and the next one runs as planned; the
     * background watches of a node are such loops. A failure is logged at WARN when it differs from the previous
     * round's, at debug while it repeats: a watch that keeps failing must be visible (one whose every round failed on
     * the same refusal went unseen for a long time), but not once a second.
     */
    public static Repeating every(String name, Duration period, Runnable round) {
        AtomicReference<String> lastFailure = new AtomicReference<>();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        });
        long nanos = period.toNanos();
        executor.scheduleWithFixedDelay(() -> {
            try {
                round.run();
                lastFailure.set(null);
            } catch (RuntimeException e) {
                String failure = e.toString();
                if (failure.equals(lastFailure.getAndSet(failure))) {
                    LOG.debug("{}: {}", name, failure);
                } else {
                    LOG.warn("{}: a round failed (logged again when the failure changes): {}", name, failure);
                }
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
        return executor::shutdown;
    }
}
