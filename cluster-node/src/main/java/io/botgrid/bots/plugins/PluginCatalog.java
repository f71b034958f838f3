package io.botgrid.bots.plugins;

import java.util.List;

/**
 * The handler plugins stored in the cluster: upload a version, list them, remove one. Every node, also one that joins
 * later, loads what is stored; bots name {@code plugin:<name>} (latest) or {@code plugin:<name>@<version>} (pinned).
 * Calls block on the cluster: run them off transport threads.
 */
public interface PluginCatalog {
    /** The largest jar accepted. */
    int MAX_JAR_BYTES = 8 * 1024 * 1024;

    /**
     * Stores version {@code version} of plugin {@code name} and loads it on this node before answering.
     *
     * @param sha256OrEmpty the jar's expected SHA-256 in hex, or empty for no check
     * @param uploadedBy who uploads it, kept with the version
     * @return the stored version and how it loaded here (a {@link PluginInfo.State#FAILED} version is stored but
     *     never serves; the previous version keeps serving)
     * @throws PluginCatalogException INVALID for bad input, EXISTS for a version stored already
     */
    PluginInfo upload(String name, String version, byte[] jar, String sha256OrEmpty, String uploadedBy);

    /** The stored versions ({@code nameOrEmpty}: of one plugin), by name, newest first, as they stand here. */
    List<PluginInfo> list(String nameOrEmpty);

    /**
     * Removes one version cluster-wide; nodes unload it once no message uses it.
     *
     * @throws PluginCatalogException NOT_FOUND when there is no such version
     */
    void remove(String name, String version);
}
