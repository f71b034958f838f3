package io.botgrid.registry;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cluster-wide names (see the package documentation). Registrations are made on behalf of a process of the node
 * this port belongs to. Methods fail with {@link IllegalArgumentException} on a bad name, owner or tag, and with
 * {@link IllegalStateException} while the cluster is not active.
 */
public interface Registry {
    /**
     * Registers {@code name} for {@code owner} on this node, atomically: of concurrent registrations of one name,
     * from any nodes, exactly one wins. Registering again a name this owner holds on this node succeeds (with the
     * new tags). A name held by a node that is gone is taken over.
     */
    Registration register(String name, String owner, Set<String> tags);

    /** Removes the name if {@code owner} on this node holds it; returns whether it did. */
    boolean unregister(String name, String owner, String reason);

    /** Removes every name {@code owner} holds on this node (its process stopped); returns how many. */
    int unregisterOwner(String owner, String reason);

    /** The holder of a name, never one whose node is known to be gone. */
    Optional<RegistryEntry> lookup(String name);

    /**
     * Names starting with {@code prefix} (empty: all) and carrying {@code tag} (empty: any), sorted by name, at most
     * {@code limit}; entries of nodes that are gone are left out (and removed).
     */
    List<RegistryEntry> list(String prefix, String tag, int limit);
}
