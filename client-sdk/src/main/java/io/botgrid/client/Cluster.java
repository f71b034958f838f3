package io.botgrid.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Cluster administration: needs the operator role to read and admin to drain. */
public interface Cluster {

    CompletableFuture<List<NodeView>> nodes();

    CompletableFuture<Placement> placement(String type, String key);

    /**
     * The role of {@code region} in replication between regions ({@code active}, {@code standby:<region>},
     * {@code promoted:<region>}, {@code fenced:<region>}); asked of a node of that region (operator role).
     */
    CompletableFuture<String> regionRole(String region);

    /**
     * Makes the standby {@code region} the home of the actors of the region it stands by for, which is fenced when it
     * comes back (admin role). Refused (FAILED_PRECONDITION) by a node of another region or a region that is no
     * standby. Completes with the new role, {@code promoted:<old home>}.
     */
    CompletableFuture<String> promoteRegion(String region);

    /** Makes the fenced {@code region} a standby of the region promoted over it (admin role). */
    CompletableFuture<String> demoteRegion(String region);

    /** Moves every actor off the node so it can be stopped; completes with the nodes that hold data after. */
    CompletableFuture<List<String>> drain(String nodeId);
}
