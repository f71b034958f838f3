package io.botgrid.workers;

import java.util.Objects;
import java.util.Optional;

/**
 * One live (or last known) worker instance of a spec.
 *
 * @param workerId {@code spec}, {@code group/member}, {@code chain/stage#n} or {@code chain/end}
 * @param node the node it runs on
 * @param incarnation the spec's incarnation it belongs to
 * @param state its state
 * @param restarts restarts of the spec in this incarnation (instances restart together with their spec)
 * @param lastError the last crash of this instance, if any
 * @param processed messages handled without a crash
 * @param failed messages whose handling crashed
 */
public record InstanceStatus(String workerId, String node, long incarnation, WorkerState state, int restarts,
                             Optional<String> lastError, long processed, long failed) {
    public InstanceStatus {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
    }
}
