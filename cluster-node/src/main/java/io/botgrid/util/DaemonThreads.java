package io.botgrid.util;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread factory for a node's own pools: threads are named {@code prefix-N}, so a thread dump says which pool and
 * node they belong to, and are daemons, so an idle pool never keeps the JVM alive after the node has stopped.
 */
public final class DaemonThreads implements ThreadFactory {
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
}
