package io.botgrid.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * The tuning of one node's actor runtime, owned by the actor package so that the runtime's settings can change
 * without the node's other components (or their configuration) changing. The node builds it from its flat
 * configuration keys of the same names, where each is documented with its default.
 *
 * @param turnThreads threads running turns and callbacks (never blocking)
 * @param blockingThreads threads for directory releases, reminders and retention sweeps (blocking on storage)
 * @param transport how calls reach another node
 * @param journalMaxInFlight group-commit writes outstanding at once
 * @param journalMaxBatchEvents events in one group-commit write at most
 * @param sweepInterval how often idle activations and moved partitions are checked
 * @param reminderTick how often due reminders are looked for
 * @param stopTimeout how long a graceful stop waits for turns in flight
 * @param journalRetention events covered by their actor's snapshot and older than this may be removed from the
 *     journal; {@link Duration#ZERO} keeps every event (the default)
 */
public record RuntimeConfig(int turnThreads, int blockingThreads, Transport transport, int journalMaxInFlight,
                            int journalMaxBatchEvents, Duration sweepInterval, Duration reminderTick,
                            Duration stopTimeout, Duration journalRetention) {

    /** Without journal retention: every event is kept. */
    public RuntimeConfig(int turnThreads, int blockingThreads, Transport transport, int journalMaxInFlight,
                         int journalMaxBatchEvents, Duration sweepInterval, Duration reminderTick,
                         Duration stopTimeout) {
        this(turnThreads, blockingThreads, transport, journalMaxInFlight, journalMaxBatchEvents, sweepInterval,
                reminderTick, stopTimeout, Duration.ZERO);
    }

    /** Checks what a runtime cannot run without. */
    public RuntimeConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(reminderTick, "reminderTick");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(journalRetention, "journalRetention");
        if (journalRetention.isNegative()) {
            throw new IllegalArgumentException("journalRetention must not be negative, got " + journalRetention);
        }
        if (turnThreads < 1 || blockingThreads < 1 || journalMaxInFlight < 1 || journalMaxBatchEvents < 1) {
            throw new IllegalArgumentException("thread counts and journal limits must be >= 1");
        }
    }
}
