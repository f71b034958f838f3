package io.botgrid.workers;

/**
 * Told of every item a chain stage handled, for the node's metrics (handling-time histogram, items counted by
 * outcome). Called on the engine's threads right after the item; it must be quick and must not throw.
 */
@FunctionalInterface
public interface StageObserver {
    /** Observes nothing. */
    StageObserver NONE = (chain, stage, handlingNanos, waitNanos, failed) -> { };

    /**
     * @param stage the stage name, or {@code end} for the end function
     * @param handlingNanos from the instance taking the item to its outputs (or failure)
     * @param waitNanos from the item entering the stage's queue (or waiting for room in it) to an instance taking it
     * @param failed whether the handling crashed
     */
    void handled(String chain, String stage, long handlingNanos, long waitNanos, boolean failed);
}
