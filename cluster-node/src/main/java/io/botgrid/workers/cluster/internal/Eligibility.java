package io.botgrid.workers.cluster.internal;

import io.botgrid.workers.Placement;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Which live server nodes a placement allows. {@code zone} matches the node attribute the node's {@code zone} setting
 * publishes; {@code attribute} matches any node attribute (the node's {@code region} and {@code zone}, and Ignite's
 * own); {@code with-actor} is decided by the actor's owner, not here (every node is eligible).
 */
final class Eligibility {
    static final String ZONE_ATTRIBUTE = "zone";

    private Eligibility() {
    }

    static List<ClusterNode> eligible(Placement placement, Collection<ClusterNode> servers) {
        return servers.stream().filter(n -> allows(placement, n)).toList();
    }

    static boolean allows(Placement placement, ClusterNode n) {
        if (placement instanceof Placement.Zone z) {
            return z.zone().equals(n.attribute(ZONE_ATTRIBUTE));
        }
        if (placement instanceof Placement.NodeAttribute a) {
            Object value = n.attribute(a.name());
            return value != null && Objects.equals(a.value(), String.valueOf(value));
        }
        return true;
    }

    /** What the placement needs, for an error message. */
    static String describe(Placement placement) {
        if (placement instanceof Placement.Zone z) {
            return "zone '" + z.zone() + "'";
        }
        if (placement instanceof Placement.NodeAttribute a) {
            return "node attribute " + a.name() + "='" + a.value() + "'";
        }
        return "any node";
    }
}
