package io.botgrid.bots.plugins;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a deployed plugin and how it loaded on the node that answers.
 *
 * @param sha256 lower-case hex SHA-256 of the jar
 * @param handlerClass the handler class the jar declares
 * @param failure why it failed to load ({@link State#FAILED}), else empty
 * @param latest whether {@code plugin:<name>} resolves to this version on the answering node
 */
public record PluginInfo(String name, String version, String sha256, long sizeBytes, Instant uploadedAt,
                         String uploadedBy, String handlerClass, State state, String failure, boolean latest) {
    /** How a version stands on one node. */
    public enum State {
        /** Stored, not loaded here yet. */
        PENDING,
        /** Loads here: its handler is ready (kept loaded while it is the latest or in use). */
        LOADED,
        /** The jar did not load or its handler threw at init; {@link #failure} says why. */
        FAILED
    }

    public PluginInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        failure = failure == null ? "" : failure;
    }
}
