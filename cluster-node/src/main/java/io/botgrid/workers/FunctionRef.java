package io.botgrid.workers;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A named worker function and its settings, as a spec refers to it. Whether the name exists and the settings are
 * accepted is checked against the node's catalogue by {@link LocalSupervisor#validate}, not here.
 *
 * @param function the factory name, e.g. {@code echo}
 * @param settings string settings handed to the factory (copied, sorted by key; never null)
 */
public record FunctionRef(String function, Map<String, String> settings) {
    public FunctionRef {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(settings, "settings");
        if (function.isBlank()) {
            throw new InvalidWorkerSpecException("function", "a worker function name is required");
        }
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** A function without settings. */
    public static FunctionRef of(String function) {
        return new FunctionRef(function, Map.of());
    }

    /** A function with settings. */
    public static FunctionRef of(String function, Map<String, String> settings) {
        return new FunctionRef(function, settings);
    }
}
