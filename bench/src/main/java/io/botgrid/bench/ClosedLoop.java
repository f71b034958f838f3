package io.botgrid.bench;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The load generator. Closed loop ({@link #runTimed}): keeps {@code concurrency} operations outstanding and issues
 * the next one as each completes; the latency of an operation is from its issue to its completion callback on the
 * driver thread. Open loop ({@link #runOpenLoop}): issues operations at a fixed rate whatever happens to the earlier
 * ones, and measures each from the moment it was <em>meant</em> to be sent, so a stall shows as the queueing it
 * causes instead of as fewer, fast samples (coordinated omission). Everything (issuing, recording, counting)
 * happens on one driver thread of its own, so the histogram and counters need no locks, and no callback ever runs
 * on a pool the runtime or the JDK owns.
 */
final class ClosedLoop implements AutoCloseable {
    /** One operation on key {@code key}; must arrange for {@code done} to run on {@code executor} when it ends. */
    interface Operation {
        void issue(int key, ExecutorService executor, Consumer<Throwable> done);
    }

    /** Picks keys; returns -1 when there are no more (priming). */
    interface Keys {
        int next();

        /** Every key of {@code 0..n-1} once, in order (priming: each actor is activated once). */
        static Keys sequential(int n) {
            int[] next = new int[1];
            return () -> next[0] < n ? next[0]++ : -1;
        }

        /** Keys drawn uniformly from {@code 0..n-1}, with a fixed seed so every run draws the same sequence. */
        static Keys uniform(int n) {
            SplittableRandom random = new SplittableRandom(1);
            return () -> random.nextInt(n);
        }
    }

    /** What one measured phase saw. */
    record Result(long ok, long errors, long nanos, Histogram latency, long driverThreadCpuNanos, String firstError,
                  long unsent) {
        double throughput() {
            return ok * 1e9 / nanos;
        }
    }

    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Open loop: how often the pacer wakes to issue what is due (each measured from its intended time). */
    private static final long PACER_TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** Open loop: past this many outstanding operations the system is lost; further ones are counted, not sent. */
    private static final int OPEN_LOOP_MAX_OUTSTANDING = 100_000;

    private final int concurrency;
    private final ScheduledExecutorService executor;
    private final long threadId;

    // Confined to the driver thread.
    private final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    private Operation operation;
    private Keys keys;
    private boolean recording;
    private boolean stopping;
    private int outstanding;
    private long ok;
    private long errors;
    private String firstError;
    private CompletableFuture<Void> drained;
    private boolean openLoop;
    private long intervalNanos;
    private long nextIntended;
    private long unsent;

    ClosedLoop(String name, int concurrency) {
        this.concurrency = concurrency;
        long[] id = new long[1];
        CompletableFuture<Void> started = new CompletableFuture<>();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-driver-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.execute(() -> {
            id[0] = Thread.currentThread().getId();
            started.complete(null);
        });
        started.join();
        this.threadId = id[0];
    }

    /**
     * Runs every key of {@code keys} once, {@code concurrency} at a time, and returns how it went; the latency
     * histogram covers every operation.
     */
    Result runOnce(Operation op, Keys keys, Duration timeout) throws TimeoutException {
        long[] start = new long[2];
        join(run(() -> {
            reset(op, keys);
            recording = true;
            start[0] = System.nanoTime();
            start[1] = Jvm.threadCpuNanos(threadId);
            fill();
        }));
        join(drained, timeout);
        return join(call(() -> snapshot(System.nanoTime() - start[0], start[1])));
    }

    /**
     * Runs for {@code warmup}, then measures for {@code measure}, then stops issuing and waits (bounded) for the
     * operations in flight. {@code atStart} and {@code atEnd} run on the calling thread right after the measured
     * phase starts and ends (to read CPU and GC counters over the same window).
     */
    Result runTimed(Operation op, Keys keys, Duration warmup, Duration measure, Runnable atStart, Runnable atEnd) {
        join(run(() -> {
            reset(op, keys);
            fill();
        }));
        return measure(warmup, measure, atStart, atEnd);
    }

    private Result measure(Duration warmup, Duration measure, Runnable atStart, Runnable atEnd) {
        sleep(warmup);
        long[] start = new long[2];
        join(run(() -> {
            histogram.reset();
            ok = 0;
            errors = 0;
            unsent = 0;
            firstError = null;
            recording = true;
            start[0] = System.nanoTime();
            start[1] = Jvm.threadCpuNanos(threadId);
        }));
        atStart.run();
        sleep(measure);
        Result result = join(call(() -> {
            recording = false;
            stopping = true;
            if (outstanding == 0) {
                drained.complete(null);
            }
            return snapshot(System.nanoTime() - start[0], start[1]);
        }));
        atEnd.run();
        try {
            join(drained, Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            System.err.println("[bench] warning: operations still in flight 30 s after the end of the measurement");
        }
        return result;
    }

    /**
     * Open loop: issues {@code ratePerSecond} operations a second, evenly spaced, for {@code warmup} then
     * {@code measure}; each operation's latency runs from its intended send time, not from when the driver got to
     * it. Then stops issuing and waits (bounded) for the operations in flight. {@code atStart}/{@code atEnd} as in
     * {@link #runTimed}. {@link Result#unsent} counts operations not sent because {@value #OPEN_LOOP_MAX_OUTSTANDING}
     * were already outstanding.
     */
    Result runOpenLoop(Operation op, Keys keys, double ratePerSecond, Duration warmup, Duration measure,
                       Runnable atStart, Runnable atEnd) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("open-loop rate must be positive, got " + ratePerSecond);
        }
        join(run(() -> {
            reset(op, keys);
            openLoop = true;
            intervalNanos = Math.max(1, Math.round(1e9 / ratePerSecond));
            nextIntended = System.nanoTime();
            pace();
        }));
        try {
            return measure(warmup, measure, atStart, atEnd);
        } finally {
            join(run(() -> openLoop = false));
        }
    }

    /** Open loop, on the driver thread: issues every operation due by now, then comes back at the next tick. */
    private void pace() {
        if (stopping || !openLoop) {
            return;
        }
        long now = System.nanoTime();
        while (nextIntended <= now) {
            long intended = nextIntended;
            nextIntended += intervalNanos;
            if (outstanding >= OPEN_LOOP_MAX_OUTSTANDING) {
                if (recording) {
                    unsent++;
                }
                continue;
            }
            issueOne(intended);
        }
        executor.schedule(this::pace, PACER_TICK_NANOS, TimeUnit.NANOSECONDS);
    }

    private void reset(Operation op, Keys k) {
        operation = op;
        keys = k;
        histogram.reset();
        recording = false;
        stopping = false;
        outstanding = 0;
        ok = 0;
        errors = 0;
        unsent = 0;
        firstError = null;
        drained = new CompletableFuture<>();
    }

    private void fill() {
        for (int i = 0; i < concurrency; i++) {
            if (!issueOne()) {
                break;
            }
        }
        if (outstanding == 0) {
            drained.complete(null);
        }
    }

    private boolean issueOne() {
        return issueOne(System.nanoTime());
    }

    /** Issues the next key's operation, its latency counted from {@code start}; false when there is no next key. */
    private boolean issueOne(long start) {
        int key = keys.next();
        if (key < 0) {
            return false;
        }
        outstanding++;
        try {
            operation.issue(key, executor, error -> completed(start, error));
        } catch (RuntimeException e) {
            executor.execute(() -> completed(start, e));
        }
        return true;
    }

    private void completed(long start, Throwable error) {
        outstanding--;
        if (recording) {
            if (error == null) {
                ok++;
                histogram.recordValue(Math.min(HIGHEST_NANOS, System.nanoTime() - start));
            } else {
                errors++;
                if (firstError == null) {
                    Throwable cause = error.getCause() != null
                            && error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                    firstError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                }
            }
        }
        if (!stopping && !openLoop) {
            issueOne();
        }
        if (outstanding == 0 && (stopping || !openLoop)) {
            drained.complete(null);
        }
    }

    private Result snapshot(long nanos, long cpuAtStart) {
        long cpu = cpuAtStart < 0 ? -1 : Jvm.threadCpuNanos(threadId) - cpuAtStart;
        return new Result(ok, errors, nanos, histogram.copy(), cpu, firstError, unsent);
    }

    private <T> CompletableFuture<T> call(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private CompletableFuture<Void> run(Runnable task) {
        return call(() -> {
            task.run();
            return null;
        });
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the driver thread did not answer within 30 s", e);
        }
    }

    private static void join(CompletableFuture<Void> f, Duration timeout) throws TimeoutException {
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
