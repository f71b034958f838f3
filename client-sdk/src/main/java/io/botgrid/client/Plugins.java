package io.botgrid.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Handler plugins deployed to the running cluster: upload a jar as a new version, list the versions and how they
 * loaded, remove one. Bots name {@code plugin:<name>} (the latest version that loads) or
 * {@code plugin:<name>@<version>} (pinned) as their handler. Uploading and removing need the admin role, listing
 * operator; other roles get {@link ErrorCode#PERMISSION_DENIED}.
 *
 * <p>Refusals: {@link ErrorCode#INVALID_ARGUMENT} for a malformed name or version, an empty jar or one over 8 MiB, a
 * SHA-256 that does not match, bytes that are not a jar or a jar that does not declare exactly one handler;
 * {@link ErrorCode#ALREADY_EXISTS} for a version stored already; {@link ErrorCode#NOT_FOUND} for removing a version
 * that is not stored. A jar larger than the node's {@code grpcMaxMessageBytes} (4 MiB unless raised) is refused with
 * {@link ErrorCode#RESOURCE_EXHAUSTED} before it is read.
 */
public interface Plugins {
    /**
     * Uploads {@code jar} as version {@code version} of plugin {@code name}, checked against its SHA-256 computed
     * here (so a jar damaged on the way is refused). The answer says how it loaded on the node that took it.
     */
    CompletableFuture<PluginVersion> upload(String name, String version, byte[] jar);

    /** Every stored version ({@code nameOrEmpty}: of one plugin), by name, newest first. */
    CompletableFuture<List<PluginVersion>> list(String nameOrEmpty);

    /** Removes one version cluster-wide; nodes unload it once no message uses it. */
    CompletableFuture<Void> remove(String name, String version);

    default PluginVersion uploadBlocking(String name, String version, byte[] jar) {
        return Blocking.join(upload(name, version, jar));
    }

    default List<PluginVersion> listBlocking(String nameOrEmpty) {
        return Blocking.join(list(nameOrEmpty));
    }

    default void removeBlocking(String name, String version) {
        Blocking.join(remove(name, version));
    }
}
