package io.botgrid.workers;

import io.botgrid.workers.spi.WorkerMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The node-local port of the workers engine: runs the specs placed on this node and supervises them. The cluster side
 * (spec store, placement, failover, registry, gRPC) drives it; tests and the bench use it directly.
 *
 * <p>Thread-safe. Synchronous methods change state and return quickly (no worker code runs on the caller's thread);
 * message operations return stages that complete on the engine's threads. Refusals are {@link WorkerException}s:
 * thrown by the synchronous methods, failing the stage of the asynchronous ones.
 */
public interface LocalSupervisor extends AutoCloseable {
    /**
     * Checks a spec against this node's function catalogue and settings: every function exists and accepts its
     * settings. (Structure is checked when the spec record is built.)
     *
     * @throws InvalidWorkerSpecException naming the field, e.g. {@code stages[1].function: unknown worker function
     *         'ech0' (known: delay, echo, http)}
     */
    void validate(WorkerSpec spec);

    /**
     * Runs {@code spec} on this node as incarnation {@code incarnation}: starts it if it does not run here; does
     * nothing if the same spec runs with the same incarnation (idempotent); otherwise stops the running one (its
     * workers get {@link io.botgrid.workers.spi.TerminationReason.Kind#STOPPED}) and starts this one with a fresh
     * restart budget. A spec that stopped or failed is started again by an apply with a higher incarnation.
     *
     * @throws InvalidWorkerSpecException if {@link #validate} refuses it (nothing changes then)
     */
    void apply(WorkerSpec spec, long incarnation);

    /**
     * Stops a spec and forgets it on this node; items in flight fail with {@link WorkerAbortedException}. The stage
     * completes once every instance has terminated.
     *
     * @return a stage completing with true if it ran here, false if it was unknown
     */
    CompletionStage<Boolean> stop(String specId);

    /**
     * Sends a message to one standalone worker ({@code spec}) or group member ({@code group/member}); completes with
     * what its {@code handle} emitted.
     * Fails with {@link UnknownWorkerException}, {@link WorkerNotRunningException}, {@link QueueFullException},
     * {@link PayloadTooLargeException} or {@link WorkerAbortedException}.
     */
    CompletionStage<List<WorkerMessage>> send(String workerId, WorkerMessage message);

    /**
     * Delivers a message to every member of a running group, once each; completes with each member's outputs by
     * worker id. Refused as a whole (nothing delivered) if the group is not running or a member's mailbox is full.
     */
    CompletionStage<Map<String, List<WorkerMessage>>> broadcast(String groupId, WorkerMessage message);

    /**
     * Pushes an item into a chain at its head ({@code stage} empty) or at a named stage; completes with what left the
     * chain because of it (the end function's outputs, or the last stage's if the chain has no end), once every item
     * derived from it has left or been filtered out. Refused at once with {@link QueueFullException} when the entry
     * stage is full, {@link WorkerNotRunningException} when the chain is stopped, failed or restarting.
     */
    CompletionStage<List<WorkerMessage>> push(String chainId, Optional<String> stage, WorkerMessage message);

    /**
     * Sets the instance count of a chain stage at run time (for the autoscaler), within the stage's min and max.
     * Applies to the running chain and to its later restarts in this incarnation. For a key-ordered stage, the change
     * waits until the stage's instances are idle so that per-key order is kept.
     *
     * @throws UnknownWorkerException for an unknown chain or stage
     * @throws InvalidWorkerSpecException when {@code instances} is outside [min, max]
     */
    void setInstances(String chainId, String stage, int instances);

    /** The status of every spec on this node, sorted by id. */
    List<WorkerStatus> status();

    /** The status of one spec, if it runs (or ran, stopped or failed) here. */
    Optional<WorkerStatus> status(String specId);

    /** The names of the worker functions this node can run (built-ins and plugins), sorted. */
    Set<String> functions();

    /**
     * Adds a lifecycle listener; closing the returned handle removes it.
     */
    AutoCloseable subscribe(WorkerEventListener listener);

    /** Stops every spec (workers get {@code SHUTDOWN}) and the engine's threads; bounded in time. */
    @Override
    void close();
}
