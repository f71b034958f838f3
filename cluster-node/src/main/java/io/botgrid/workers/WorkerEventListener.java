package io.botgrid.workers;

/**
 * Receives {@link WorkerEvent}s. Called on the engine's threads, one event at a time per spec; must be quick and must
 * not throw (an exception is logged and ignored) nor call back into the supervisor synchronously in a way that waits.
 */
@FunctionalInterface
public interface WorkerEventListener {
    void onEvent(WorkerEvent event);
}
