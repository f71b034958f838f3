package io.botgrid.cluster;

import io.botgrid.actor.ActorId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a front may ask of and do to the cluster, through the node that serves it. Operations that wait on the
 * cluster return futures; none blocks for long on the calling thread, except {@link #drain}, which must be called
 * off a transport thread (it asks the cluster for its topology and may start a job on another node).
 *
 * <p>Failures: {@link io.botgrid.actor.ClusterUnavailableException} while this node has not joined its cluster or
 * its runtime is not ready; {@link DrainRefusedException} for a drain that cannot be done as asked.
 */
public interface ClusterAdmin {

    /** The name of the node this port belongs to. */
    String nodeName();

    /**
     * Every running server node and every data-holding node that is offline, sorted by id; a running node's
     * activation count is -1 if it did not answer in time. Never fails for one slow node.
     */
    CompletableFuture<List<NodeStatus>> nodes();

    /** The names of the owner and backup nodes of the actor, owner first; empty if no node holds its partition. */
    List<String> placement(ActorId id);

    /**
     * The owner of every partition now, for clients that route each call to its owner.
     *
     * @throws io.botgrid.actor.ClusterUnavailableException while this node has not joined its cluster
     */
    PartitionMap partitionMap();

    /** Whether this node is the owner of the actor now; false whenever it cannot tell (not joined, stopping). */
    boolean ownsHere(ActorId id);

    /**
     * Takes {@code nodeId} out of the data-holding nodes after it has handed its actors over, waiting at most
     * {@code wait} for it to leave. If the node is this one, the result says so and the caller must call
     * {@link #stopThisNodeLater()} once it has answered.
     *
     * @throws DrainRefusedException if the node is unknown or draining it now could lose data
     */
    CompletableFuture<DrainResult> drain(String nodeId, Duration wait);

    /**
     * Whether this node holds a majority of the baseline nodes with the others it reaches; it serves nothing
     * otherwise (majority fencing), so its readiness is {@link Quorum#inMajority()}.
     *
     * @throws io.botgrid.actor.ClusterUnavailableException while this node has not joined its cluster
     */
    Quorum quorum();

    /** Starts this node's graceful stop on a thread of its own (after it drained itself) and returns at once. */
    void stopThisNodeLater();
}
