package io.botgrid.cluster;

import java.util.Objects;

/**
 * Whether this node is on a side of the cluster that holds a strict majority of the data-holding (baseline) nodes.
 * On a minority side the node refuses every write and every call (its data could be stale), so it is not ready:
 * readiness checks and load balancers read this.
 *
 * @param inMajority whether the node may serve
 * @param reachable baseline nodes this node can reach, itself included
 * @param baseline baseline nodes counted against (0: no baseline yet, as in a brand-new cluster)
 * @param reason why the node is not ready, for people; empty in a majority
 */
public record Quorum(boolean inMajority, int reachable, int baseline, String reason) {

    /** Checks that nothing is missing. */
    public Quorum {
        Objects.requireNonNull(reason, "reason");
    }
}
