package io.botgrid.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The start/stop state of a component, moved only by compare-and-set, so that two threads racing to start or stop
 * it agree on which one does the work: the one whose {@link #tryTransition} returned true.
 *
 * <p>States only move forward (NEW → STARTING → RUNNING → STOPPING → STOPPED, steps may be skipped).
 * {@link #stopped()} completes once STOPPED is reached, so callers can wait for a stop without polling.
 */
public final class Lifecycle {
    /** The states, in the only order they can be passed through. */
    public enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED }

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /** Moves from {@code from} to {@code to} if the state is {@code from} now; false (and no change) otherwise. */
    public boolean tryTransition(State from, State to) {
        if (to.ordinal() <= from.ordinal()) {
            throw new IllegalArgumentException("a lifecycle only moves forward: " + from + " -> " + to);
        }
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        if (to == State.STOPPED) {
            stopped.complete(null);
        }
        return true;
    }

    /** Moves to STOPPED from whatever state it is in; true if this call did it. */
    public boolean markStopped() {
        State s = state.getAndSet(State.STOPPED);
        stopped.complete(null);
        return s != State.STOPPED;
    }

    public State state() {
        return state.get();
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /** Completes when the component reaches STOPPED. */
    public CompletableFuture<Void> stopped() {
        return stopped.copy();
    }

    @Override
    public String toString() {
        return state.get().name();
    }
}
