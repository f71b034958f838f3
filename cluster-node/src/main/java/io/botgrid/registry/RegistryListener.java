package io.botgrid.registry;

/**
 * Observes registry changes (telemetry exports them). Called on a registry or Ignite thread: it must return quickly
 * and must not call the registry back.
 */
@FunctionalInterface
public interface RegistryListener {
    /** Listens to nothing. */
    RegistryListener NONE = event -> { };

    void onEvent(RegistryEvent event);
}
