package io.botgrid.bots.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Bounds the outbox's requests in flight to one destination (a Slack Web API, a webhook host); the others wait in
 * arrival order and start as earlier ones finish.
 *
 * <p>Why: an HTTP/1.1 client opens one connection per request in flight. Unbounded, a burst of replies (or a
 * receiver that slows down) made the node open thousands of connections to one host, each used once and closed,
 * so delivery fell further behind the more replies waited: measured with the Slack benchmark, 4,600 connections open
 * and 17,000 in TIME_WAIT, replies delivered at 0.6 of the rate messages were taken. Bounded, the same few
 * connections are reused. A lane per destination keeps a slow webhook host from holding up the others.
 *
 * <p>Thread-safe. Queued work starts on {@code executor}, never on the thread that completed the previous request
 * (an HTTP client's thread).
 */
final class DeliveryLanes {
    private final int maxInFlight;
    private final Executor executor;
    private final Map<String, Lane> lanes = new HashMap<>(); // guarded by itself

    /**
     * @param maxInFlight requests in flight at once per destination
     * @param executor where a queued request starts
     */
    DeliveryLanes(int maxInFlight, Executor executor) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.executor = executor;
    }

    /**
     * Runs {@code request} now if {@code destination} has fewer than {@code maxInFlight} requests in flight, else once
     * one of them completes. The lane's slot is held until the stage {@code request} returns completes; a request
     * that throws releases it at once.
     */
    void submit(String destination, Supplier<? extends CompletionStage<?>> request) {
        synchronized (lanes) {
            Lane lane = lanes.computeIfAbsent(destination, d -> new Lane());
            if (lane.inFlight >= maxInFlight) {
                lane.waiting.addLast(request);
                return;
            }
            lane.inFlight++;
        }
        start(destination, request);
    }

    /** Requests waiting for a slot, over all destinations. */
    int waiting() {
        synchronized (lanes) {
            return lanes.values().stream().mapToInt(l -> l.waiting.size()).sum();
        }
    }

    /** Destinations with a request in flight (an idle destination keeps no lane). */
    int destinations() {
        synchronized (lanes) {
            return lanes.size();
        }
    }

    private void start(String destination, Supplier<? extends CompletionStage<?>> request) {
        CompletionStage<?> running;
        try {
            running = request.get();
        } catch (RuntimeException e) {
            release(destination);
            throw e;
        }
        running.whenComplete((ignored, error) -> release(destination));
    }

    private void release(String destination) {
        Supplier<? extends CompletionStage<?>> next;
        synchronized (lanes) {
            Lane lane = lanes.get(destination);
            next = lane.waiting.pollFirst();
            if (next == null) {
                lane.inFlight--;
                if (lane.inFlight == 0) {
                    lanes.remove(destination); // webhook hosts come and go: keep no empty lanes
                }
                return;
            }
        }
        // The slot passes to the next request; it starts off this thread.
        try {
            executor.execute(() -> start(destination, next));
        } catch (RejectedExecutionException e) {
            // The node is stopping: the reply is in its session's journal, and the session's next owner sends it.
        }
    }

    private static final class Lane {
        int inFlight; // guarded by lanes
        final Deque<Supplier<? extends CompletionStage<?>>> waiting = new ArrayDeque<>(); // guarded by lanes
    }
}
