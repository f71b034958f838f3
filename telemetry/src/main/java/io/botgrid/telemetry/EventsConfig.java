package io.botgrid.telemetry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Bounds and policies of a node's sampled events.
 *
 * @param capacity events held between flushes (distinct de-duplication keys count once); beyond it occurrences are
 *     dropped and counted ({@code botgrid_events_dropped_total}). Defaults to 10,000
 * @param flushEvery a flush starts as soon as this many events are ready. Defaults to 256
 * @param flushInterval a flush runs at least this often. Defaults to 1 s
 * @param maxNames distinct event names tracked (each has its counters); occurrences of further names are dropped.
 *     Defaults to 256
 * @param defaultPolicy policy of names not in {@code policies}
 * @param policies per-name policies
 */
public record EventsConfig(int capacity, int flushEvery, Duration flushInterval, int maxNames,
                           EventPolicy defaultPolicy, Map<String, EventPolicy> policies) {
    public EventsConfig {
        if (capacity < 1 || flushEvery < 1 || maxNames < 1) {
            throw new IllegalArgumentException("capacity, flushEvery and maxNames must be >= 1, got " + capacity
                    + ", " + flushEvery + ", " + maxNames);
        }
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be > 0, got " + flushInterval);
        }
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        policies = Map.copyOf(policies);
    }

    public static EventsConfig defaults() {
        return new EventsConfig(10_000, 256, Duration.ofSeconds(1), 256, EventPolicy.EVERY, Map.of());
    }

    public EventsConfig withPolicy(String name, EventPolicy policy) {
        Map<String, EventPolicy> all = new java.util.HashMap<>(policies);
        all.put(name, policy);
        return new EventsConfig(capacity, flushEvery, flushInterval, maxNames, defaultPolicy, all);
    }

    public EventsConfig withCapacity(int value) {
        return new EventsConfig(value, flushEvery, flushInterval, maxNames, defaultPolicy, policies);
    }

    public EventsConfig withFlushEvery(int value) {
        return new EventsConfig(capacity, value, flushInterval, maxNames, defaultPolicy, policies);
    }

    public EventsConfig withFlushInterval(Duration value) {
        return new EventsConfig(capacity, flushEvery, value, maxNames, defaultPolicy, policies);
    }

    public EventsConfig withMaxNames(int value) {
        return new EventsConfig(capacity, flushEvery, flushInterval, value, defaultPolicy, policies);
    }

    /** The policy of one name. */
    public EventPolicy policy(String name) {
        return policies.getOrDefault(name, defaultPolicy);
    }
}
