package io.botgrid.workers;

import java.util.Objects;

/**
 * Where in the cluster a spec's workers run. Carried by every spec; chosen and enforced by the cluster side (the
 * node-local engine ignores it: a spec reaches a node's {@link LocalSupervisor} only once it was placed there).
 */
public sealed interface Placement {
    /** Anywhere, spread by load. The default. */
    record Any() implements Placement {
    }

    /** On a node of this zone. */
    record Zone(String zone) implements Placement {
        public Zone {
            if (zone == null || zone.isBlank()) {
                throw new InvalidWorkerSpecException("placement.zone", "a zone name is required");
            }
        }
    }

    /** On a node whose attribute {@code name} equals {@code value}. */
    record NodeAttribute(String name, String value) implements Placement {
        public NodeAttribute {
            if (name == null || name.isBlank()) {
                throw new InvalidWorkerSpecException("placement.attribute", "an attribute name is required");
            }
            Objects.requireNonNull(value, "value");
        }
    }

    /** On the owner node of the actor {@code type/key}, moving with it. */
    record WithActor(String type, String key) implements Placement {
        public WithActor {
            if (type == null || type.isBlank() || key == null || key.isBlank()) {
                throw new InvalidWorkerSpecException("placement.withActor", "an actor type and key are required");
            }
        }
    }

    /** One copy on every node. */
    record EveryNode() implements Placement {
    }

    /** {@link Any}. */
    static Placement any() {
        return new Any();
    }
}
