package io.botgrid.util;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks after a delay, with the {@link Ticker} that measures it: injected wherever a component waits (restart
 * backoff, timers of workers), so tests drive time by hand instead of sleeping. Tasks must be short: they run on the
 * scheduler's own thread (hand longer work to a pool).
 */
public interface Scheduler extends AutoCloseable {
    /** A scheduled task that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the task off if it has not run yet; harmless otherwise. */
        void cancel();
    }

    /** The clock delays are measured on. */
    Ticker ticker();

    /** Runs {@code task} once, {@code delay} from now (at once, though not on the caller's thread, if zero). */
    Cancellable schedule(Duration delay, Runnable task);

    /** Stops the scheduler; pending tasks are dropped. */
    @Override
    void close();

    /** A scheduler on one daemon thread of this name, measuring with {@link Ticker#system()}. */
    static Scheduler system(String threadName) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named(threadName));
        executor.setRemoveOnCancelPolicy(true);
        return over(executor, Ticker.system());
    }

    /** A scheduler over an executor (closed by {@link #close()}) and the ticker it is consistent with. */
    static Scheduler over(ScheduledExecutorService executor, Ticker ticker) {
        return new Scheduler() {
            @Override
            public Ticker ticker() {
                return ticker;
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                var f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
