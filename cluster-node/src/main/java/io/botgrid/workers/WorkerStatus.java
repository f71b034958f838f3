package io.botgrid.workers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node knows of one spec it runs: for {@code status} calls and the cluster side's view. Immutable snapshot.
 *
 * @param spec the spec as applied
 * @param node this node's name
 * @param incarnation the incarnation applied
 * @param state the spec's state
 * @param restarts restarts by the supervisor in this incarnation
 * @param lastError why the spec last crashed, failed or stopped, if it did
 * @param instances its instances (empty while restarting, stopped or failed)
 * @param queues one per stage (and end) of a chain, one per worker otherwise
 * @param processed items handled without a crash (sum over instances, since the incarnation was applied)
 * @param failed items whose handling crashed
 */
public record WorkerStatus(WorkerSpec spec, String node, long incarnation, WorkerState state, int restarts,
                           Optional<String> lastError, List<InstanceStatus> instances, List<QueueStatus> queues,
                           long processed, long failed) {
    public WorkerStatus {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        instances = List.copyOf(instances);
        queues = List.copyOf(queues);
    }

    public String id() {
        return spec.id();
    }
}
