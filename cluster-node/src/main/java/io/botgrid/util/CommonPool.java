package io.botgrid.util;

import java.util.concurrent.ForkJoinPool;

/**
 * Makes the JVM's common fork-join pool a pool of threads on machines with one or two processors.
 *
 * <p>Why: with fewer than three processors the JDK sizes the common pool at one and {@code CompletableFuture}'s
 * default executor then starts a new thread for every task. The JDK HTTP client hands the completion of every
 * {@code sendAsync} to that executor, so on a two-core node each reply the outbox posted to Slack or a webhook started
 * and ended a thread (measured with the Slack benchmark: 11 to 22 % of the node's CPU in such threads). The parallelism
 * is read once, when the pool is created, so a process's {@code main} calls {@link #ensurePool()} before anything
 * else; a node embedded in an application logs a warning instead ({@link #isPool()}).
 */
public final class CommonPool {
    /** The JDK's system property for the common pool's parallelism. */
    public static final String PARALLELISM_PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private CommonPool() {
    }

    /**
     * Sets the common pool's parallelism to 2 when the JVM sees at most two processors and nobody set it; no effect
     * once the pool exists. Call first thing in {@code main}.
     */
    public static void ensurePool() {
        if (System.getProperty(PARALLELISM_PROPERTY) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(PARALLELISM_PROPERTY, "2");
        }
    }

    /** Whether the common pool reuses its threads (a parallelism above 1), so a task does not start a thread. */
    public static boolean isPool() {
        return ForkJoinPool.getCommonPoolParallelism() > 1;
    }
}
