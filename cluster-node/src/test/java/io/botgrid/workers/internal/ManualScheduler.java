package io.botgrid.workers.internal;

import io.botgrid.util.Scheduler;
import io.botgrid.util.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** A scheduler whose time moves only when a test calls {@link #advance}; due tasks run on the caller's thread. */
final class ManualScheduler implements Scheduler {
    private record Task(long due, long seq, Runnable run) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public synchronized Ticker ticker() {
        return this::nanoTime;
    }

    private synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + Math.max(0, delay.toNanos()), seq++, task);
        tasks.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                tasks.remove(t);
            }
        };
    }

    /** Tasks waiting. */
    synchronized int pending() {
        return tasks.size();
    }

    /** Moves time forward and runs what became due, in order. */
    void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        while (true) {
            List<Runnable> due = new ArrayList<>();
            synchronized (this) {
                Task t = tasks.peek();
                if (t == null || t.due > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = Math.max(now, t.due);
                due.add(t.run);
            }
            due.forEach(Runnable::run);
        }
    }

    @Override
    public void close() {
    }
}
