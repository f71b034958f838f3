package io.botgrid.telemetry;

import java.util.Map;

/**
 * One published event: what {@link Events#emit} was given, after sampling and de-duplication.
 *
 * @param name the event's name ({@code actor.activated}, …)
 * @param measurements numbers; for an event that stands for several occurrences ({@code count > 1}), the sums
 * @param metadata labels of the first occurrence
 * @param count how many emitted occurrences this event stands for (de-duplicated within its window)
 * @param firstMillis wall time of the first occurrence
 * @param lastMillis wall time of the last occurrence
 */
public record Event(String name, Map<String, Double> measurements, Map<String, String> metadata, long count,
                    long firstMillis, long lastMillis) {
    public Event {
        measurements = Map.copyOf(measurements);
        metadata = Map.copyOf(metadata);
    }
}
