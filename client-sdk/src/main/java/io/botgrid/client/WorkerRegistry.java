package io.botgrid.client;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the cluster-wide registry of names (operator role). A name whose process died or whose node left is never
 * returned once the cluster has detected it.
 */
public interface WorkerRegistry {
    /** The holder of a name, or empty if no process holds it. */
    CompletableFuture<Optional<NameEntry>> lookup(String name);

    /** Names starting with {@code prefix} and carrying {@code tag} (both may be empty), sorted, at most 1000. */
    CompletableFuture<List<NameEntry>> list(String prefix, String tag);

    default Optional<NameEntry> lookupBlocking(String name) {
        return Blocking.join(lookup(name));
    }

    default List<NameEntry> listBlocking(String prefix, String tag) {
        return Blocking.join(list(prefix, tag));
    }
}
