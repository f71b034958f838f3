package io.botgrid.client;

import java.time.Instant;
import java.util.Set;

/**
 * A name in the cluster-wide registry and its holder.
 *
 * @param name the name (workers register {@code worker:<spec>} and {@code worker:<group>/<member>})
 * @param owner the holding process
 * @param node the node it runs on
 * @param tags its labels
 * @param registeredAt when it was registered
 */
public record NameEntry(String name, String owner, String node, Set<String> tags, Instant registeredAt) {
    public NameEntry {
        tags = Set.copyOf(tags);
    }
}
