package io.botgrid.actor.internal;

import io.botgrid.util.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The runtime's own threads. Turns, callbacks and activations (whose storage steps are asynchronous) run on a small
 * fixed pool sized to the cores (blocking there is a bug); directory releases, reminders and retention sweeps, which
 * wait on storage, run on a separate pool; one scheduler
 * thread drives timers, retries and sweeps. Nothing uses the common pool: on a 2-core machine it is too small and
 * {@code CompletableFuture} would otherwise start a thread per callback.
 */
final class RuntimeExecutors implements AutoCloseable {
    final ExecutorService turns;
    final ExecutorService blocking;
    final ScheduledExecutorService scheduler;

    /** Builds the three pools of one node; the runtime is handed them once (tests may hand in their own). */
    RuntimeExecutors(String nodeName, int turnThreads, int blockingThreads) {
        turns = Executors.newFixedThreadPool(turnThreads, factory("botgrid-turn-" + nodeName));
        blocking = Executors.newFixedThreadPool(blockingThreads, factory("botgrid-io-" + nodeName));
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, factory("botgrid-timer-" + nodeName));
        s.setRemoveOnCancelPolicy(true);
        scheduler = s;
    }

    private static ThreadFactory factory(String prefix) {
        return DaemonThreads.named(prefix);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        turns.shutdown();
        blocking.shutdown();
        try {
            turns.awaitTermination(2, TimeUnit.SECONDS);
            blocking.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        turns.shutdownNow();
        blocking.shutdownNow();
    }
}
