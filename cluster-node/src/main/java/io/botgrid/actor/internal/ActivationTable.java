package io.botgrid.actor.internal;

import io.botgrid.actor.ActorId;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live activations of one node, at most one per actor, and the numbers that tell successive activations of the
 * same actor apart in the directory. A table entry may be recovering, active or just closed; whoever finds a closed
 * one removes it and creates another ({@link ActorRuntime#deliverLocal}).
 */
final class ActivationTable {
    private final Map<ActorId, Activation> activations = new ConcurrentHashMap<>();
    private final AtomicLong activationNumbers = new AtomicLong();

    Activation get(ActorId id) {
        return activations.get(id);
    }

    /** Puts {@code created} in unless one is there; returns the one that was there, or null if it went in. */
    Activation putIfAbsent(Activation created) {
        return activations.putIfAbsent(created.id, created);
    }

    void remove(Activation activation) {
        activations.remove(activation.id, activation);
    }

    long nextActivationNo() {
        return activationNumbers.incrementAndGet();
    }

    Collection<Activation> all() {
        return activations.values();
    }

    boolean isEmpty() {
        return activations.isEmpty();
    }

    int size() {
        return activations.size();
    }

    boolean isActive(ActorId id) {
        Activation a = activations.get(id);
        return a != null && a.status() == Activation.ACTIVE;
    }
}
