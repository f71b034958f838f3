package io.botgrid.workers.cluster;

import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.spi.WorkerMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Workers across the cluster, as the gRPC front, the SDK's server side and tests use them: durable specs, and
 * messages routed to the node running the target. Synchronous methods throw, asynchronous ones fail their future,
 * with {@link WorkerCallException} (or {@link io.botgrid.workers.InvalidWorkerSpecException} for a bad spec).
 */
public interface WorkerCluster {
    /**
     * Declares or changes a spec at run time; durable. Idempotent: declaring the spec that is stored changes nothing.
     *
     * @throws io.botgrid.workers.InvalidWorkerSpecException when this node's catalogue refuses it
     * @throws WorkerCallException {@code FAILED_PRECONDITION} when no live node matches its placement
     */
    SpecRecord declare(WorkerSpec spec);

    /**
     * Removes a spec: its workers stop, and it stays removed (a YAML declaration does not bring it back).
     *
     * @return the version of the removal
     * @throws WorkerCallException {@code NOT_FOUND} for an unknown (or already removed) spec
     */
    long remove(String specId);

    /** The declared specs, sorted by id. */
    List<SpecRecord> specs();

    Optional<SpecRecord> spec(String specId);

    /**
     * The status of every declared spec (or one): one entry per placement (per node for every-node specs), with
     * state {@code unplaced} while no node runs it and {@code unreachable} if its node did not answer.
     */
    CompletableFuture<List<SpecStatus>> status(Optional<String> specId);

    /** Sends to a standalone worker ({@code spec}) or group member ({@code group/member}); its outputs. */
    CompletableFuture<List<WorkerMessage>> send(String workerId, WorkerMessage message);

    /** Sends to every member of a group; how many received it. */
    CompletableFuture<Integer> broadcast(String groupId, WorkerMessage message);

    /** Pushes into a chain at its head or a named stage; what left the chain because of it. */
    CompletableFuture<List<WorkerMessage>> push(String chainId, Optional<String> stage, WorkerMessage message);
}
