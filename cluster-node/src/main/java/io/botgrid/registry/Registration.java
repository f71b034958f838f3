package io.botgrid.registry;

import java.util.Objects;

/**
 * The outcome of a registration: whether this caller now holds the name, and who does.
 *
 * @param registered true if the caller won the name (or already held it under the same owner on the same node)
 * @param holder the entry that holds the name now: the caller's, or the other holder's
 */
public record Registration(boolean registered, RegistryEntry holder) {
    public Registration {
        Objects.requireNonNull(holder, "holder");
    }
}
