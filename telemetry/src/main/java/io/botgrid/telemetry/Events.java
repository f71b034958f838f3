package io.botgrid.telemetry;

import java.util.List;
import java.util.Map;

/**
 * Sampled events: facts about the node worth a record (an actor activated, a delivery failed, partitions lost), cheap
 * enough to emit from busy code.
 *
 * <p>Why not a log line or a metric alone: the autoscaler and operators need the facts in-process (subscribers),
 * counted (Prometheus), and without a storm when thousands happen at once. So each name has a sampling rate, repeats
 * within a window fold into one event with a count, events leave in batches, memory is bounded, and {@link #emit}
 * never blocks: when full it drops and counts the drop.
 */
public interface Events {
    /** An event sink that keeps nothing (components built without telemetry). */
    Events NONE = new Events() {
        @Override
        public void emit(String name, Map<String, Double> measurements, Map<String, String> metadata) {
        }

        @Override
        public AutoCloseable subscribe(EventSubscriber subscriber) {
            return () -> { };
        }
    };

    /**
     * Records an occurrence. Never blocks and never throws for a full buffer; names are lower case
     * {@code [a-z][a-z0-9_.]*}, at most 64 characters (a bad name throws {@link IllegalArgumentException}).
     */
    void emit(String name, Map<String, Double> measurements, Map<String, String> metadata);

    /** {@link #emit} without measurements. */
    default void emit(String name, Map<String, String> metadata) {
        emit(name, Map.of(), metadata);
    }

    /**
     * Adds a subscriber; it gets each published batch, in order, on the events' own thread (it must be quick; a
     * subscriber that throws is logged and kept). Close the returned handle to remove it.
     */
    AutoCloseable subscribe(EventSubscriber subscriber);

    /** A subscriber of published events. */
    @FunctionalInterface
    interface EventSubscriber {
        void onEvents(List<Event> batch);
    }

    /**
     * Events that run on a thread of their own until closed (built by {@link NodeTelemetry}); closing publishes what is
     * held and stops the thread.
     */
    interface Running extends Events, AutoCloseable {
        @Override
        void close();
    }
}
