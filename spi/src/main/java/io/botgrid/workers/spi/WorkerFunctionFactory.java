package io.botgrid.workers.spi;

import java.util.Map;

/**
 * Makes {@link WorkerFunction} instances of one name: the unit that specs refer to ({@code function: echo}) and that
 * plugins provide through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.botgrid.workers.spi.WorkerFunctionFactory}).
 *
 * <p>Why settings are checked in {@link #create}: a spec is validated when it is declared (the error then reaches
 * whoever wrote it) by creating one instance and discarding it without {@code init}; so {@code create} must be cheap,
 * free of side effects and must reject bad settings with {@link InvalidWorkerSettingsException}. One factory
 * instance serves every spec and node-local instance that names it and must be thread-safe.
 */
public interface WorkerFunctionFactory {
    /** The name specs refer to, e.g. {@code echo}, {@code http}; lowercase {@code [a-z0-9][a-z0-9-]{0,63}}. */
    String name();

    /**
     * A new, uninitialised instance configured by {@code settings} (string keys and values, e.g.
     * {@code millis=20}; never null, often empty).
     *
     * @throws InvalidWorkerSettingsException when a setting is missing, unknown or malformed
     */
    WorkerFunction create(Map<String, String> settings);
}
