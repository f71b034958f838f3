package io.botgrid.actor.internal;

import io.botgrid.actor.RuntimeConfig;
import java.time.Duration;

/**
 * Tuning of one node's actor runtime, derived from the public {@link RuntimeConfig}.
 *
 * @param turnThreads threads running turns and callbacks (never blocking)
 * @param blockingThreads threads for directory releases, reminders and retention sweeps (blocking on storage)
 * @param transport how calls reach another node
 * @param journalMaxInFlight group-commit writes outstanding at once
 * @param journalMaxBatchEvents events in one group-commit write at most
 * @param sweepInterval how often idle activations and moved partitions are checked
 * @param reminderTick how often due reminders are looked for
 * @param stopTimeout how long a graceful stop waits for turns in flight
 * @param journalRetention events covered by a snapshot and older than this are removed; zero: never
 */
public record RuntimeSettings(int turnThreads, int blockingThreads, TransportKind transport, int journalMaxInFlight,
                              int journalMaxBatchEvents, Duration sweepInterval, Duration reminderTick,
                              Duration stopTimeout, Duration journalRetention) {

    /** Without journal retention. */
    public RuntimeSettings(int turnThreads, int blockingThreads, TransportKind transport, int journalMaxInFlight,
                           int journalMaxBatchEvents, Duration sweepInterval, Duration reminderTick,
                           Duration stopTimeout) {
        this(turnThreads, blockingThreads, transport, journalMaxInFlight, journalMaxBatchEvents, sweepInterval,
                reminderTick, stopTimeout, Duration.ZERO);
    }

    /** The runtime's settings from the public configuration record. */
    public static RuntimeSettings from(RuntimeConfig c) {
        return new RuntimeSettings(c.turnThreads(), c.blockingThreads(), TransportKind.valueOf(c.transport().name()),
                c.journalMaxInFlight(), c.journalMaxBatchEvents(), c.sweepInterval(), c.reminderTick(),
                c.stopTimeout(), c.journalRetention());
    }

    /** The remote transports that can be chosen (the public {@link io.botgrid.actor.Transport}, by name). */
    public enum TransportKind { MESSAGING, COMPUTE }
}
