package io.botgrid.actor.internal;

import java.util.Objects;
import org.apache.ignite.cache.affinity.AffinityKeyMapped;

/** Key of a durable reminder: (actor, reminder name), placed with the actor. */
public final class ReminderKey {
    @AffinityKeyMapped
    private final String actor;
    private final String name;

    public ReminderKey(String actor, String name) {
        this.actor = actor;
        this.name = name;
    }

    public String actor() {
        return actor;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReminderKey k && k.actor.equals(actor) && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(actor, name);
    }

    @Override
    public String toString() {
        return actor + "!" + name;
    }
}
