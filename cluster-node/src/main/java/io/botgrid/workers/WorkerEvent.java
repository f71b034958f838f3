package io.botgrid.workers;

import java.time.Instant;
import java.util.Objects;

/**
 * A lifecycle event of a spec on a node, for the cluster side (registry cleanup, failover bookkeeping) and telemetry.
 * Events of one spec are delivered in the order they happened.
 */
public sealed interface WorkerEvent {
    String specId();

    String node();

    long incarnation();

    Instant at();

    /** The spec's instances are running (after an apply or a restart; {@code restarts} says which). */
    record Started(String specId, String node, long incarnation, int restarts, Instant at) implements WorkerEvent {
    }

    /** A worker of the spec crashed ({@code workerId}); the whole group or chain was stopped with it. */
    record Crashed(String specId, String node, long incarnation, String workerId, String reason, Instant at)
            implements WorkerEvent {
    }

    /** A restart was scheduled after {@code backoffMillis}; {@code restarts} counts it. */
    record Restarting(String specId, String node, long incarnation, int restarts, long backoffMillis, Instant at)
            implements WorkerEvent {
    }

    /** The supervisor gave up: {@code reason} says why (intensity exceeded, temporary crash). */
    record Failed(String specId, String node, long incarnation, String reason, Instant at) implements WorkerEvent {
    }

    /** The spec's workers stopped and will not be restarted (asked to, removed, replaced, normal end). */
    record Stopped(String specId, String node, long incarnation, String reason, Instant at) implements WorkerEvent {
        public Stopped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
