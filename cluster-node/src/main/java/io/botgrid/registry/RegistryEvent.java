package io.botgrid.registry;

import java.util.Objects;

/**
 * A change of the registry, as the node that made it reports it: each change is reported once in the cluster (by
 * the node whose write removed or added the entry).
 *
 * @param kind what happened
 * @param entry the entry added or removed
 * @param reason why, for removals: {@code "unregistered"}, {@code "process stopped: ..."}, {@code "node left"},
 *     {@code "node failed"}, {@code "node gone"} (found by a lookup or listing before the departure was handled)
 */
public record RegistryEvent(Kind kind, RegistryEntry entry, String reason) {
    /** What happened to a name. */
    public enum Kind {
        /** A name was registered. */
        REGISTERED,
        /** Its holder gave the name up. */
        UNREGISTERED,
        /** The name was removed because its holder's node left or failed. */
        CLEANED_UP
    }

    public RegistryEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(reason, "reason");
    }
}
