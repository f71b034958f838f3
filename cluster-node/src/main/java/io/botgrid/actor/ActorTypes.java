package io.botgrid.actor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The actor types a node hosts: behaviour and settings by type name. Every node of a cluster must register the
 * same types, since any node may become the owner of any actor.
 */
public final class ActorTypes {
    /** A registered type. */
    public record Registration(String type, EventSourcedBehavior<?, ?, ?, ?> behavior, ActorSettings settings) {
        public Registration {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(behavior, "behavior");
            Objects.requireNonNull(settings, "settings");
        }
    }

    private final Map<String, Registration> types;

    private ActorTypes(Map<String, Registration> types) {
        this.types = Map.copyOf(types);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No types: a node that only routes. */
    public static ActorTypes none() {
        return new ActorTypes(Map.of());
    }

    public Optional<Registration> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    public Set<String> names() {
        return types.keySet();
    }

    /** Fails fast on a type registered twice or a name that {@link ActorId} would refuse. */
    public static final class Builder {
        private final Map<String, Registration> types = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers a type with {@link ActorSettings#DEFAULT}. */
        public Builder register(String type, EventSourcedBehavior<?, ?, ?, ?> behavior) {
            return register(type, behavior, ActorSettings.DEFAULT);
        }

        public Builder register(String type, EventSourcedBehavior<?, ?, ?, ?> behavior, ActorSettings settings) {
            new ActorId(type, "validation"); // validates the type name
            if (types.containsKey(type)) {
                throw new IllegalStateException("actor type '" + type + "' is already registered with "
                        + types.get(type).behavior().getClass().getName());
            }
            types.put(type, new Registration(type, behavior, settings));
            return this;
        }

        public ActorTypes build() {
            return new ActorTypes(types);
        }
    }
}
