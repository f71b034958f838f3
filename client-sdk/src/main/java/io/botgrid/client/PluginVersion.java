package io.botgrid.client;

import java.time.Instant;

/**
 * One stored version of a deployed plugin, as the answering node sees it.
 *
 * @param sha256 lower-case hex SHA-256 of the jar
 * @param uploadedBy the principal who uploaded it
 * @param handlerClass the handler class the jar declares
 * @param state {@code PENDING} (not loaded on that node yet), {@code LOADED} or {@code FAILED}
 * @param failure why it failed to load, else empty
 * @param latest whether {@code plugin:<name>} runs this version on that node
 */
public record PluginVersion(String name, String version, String sha256, long sizeBytes, Instant uploadedAt,
                            String uploadedBy, String handlerClass, String state, String failure, boolean latest) {
}
