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

    /**
     * Promotes as {@link #promoteRegion(String)} and, in the same call, makes the promoted region ship its journals to
     * {@code standbyEndpoints} (the old home's nodes, {@code host:port}) from then on, as {@link #setStandby} does.
     * INVALID_ARGUMENT (nothing changed): an endpoint that is not {@code host:port}.
     */
    CompletableFuture<String> promoteRegion(String region, List<String> standbyEndpoints);

    /**
     * Makes the fenced {@code region} a standby of the region promoted over it (admin role), and starts its
     * re-synchronisation from that region (see operations.md, "Regions"). Refused (FAILED_PRECONDITION) by a region
     * that is not fenced.
     */
    CompletableFuture<String> demoteRegion(String region);

    /**
     * Makes {@code region} ship its journals to {@code endpoints} (the standby region's nodes, {@code host:port}) from
     * now on, on all its nodes and without a restart (admin role); empty goes back to the nodes' {@code
     * standbyEndpoints} setting. Completes with the endpoints the region ships to now. INVALID_ARGUMENT: an endpoint
     * that is not {@code host:port}; FAILED_PRECONDITION: a node of another region answered.
     */
    CompletableFuture<List<String>> setStandby(String region, List<String> endpoints);

    /** Moves every actor off the node so it can be stopped; completes with the nodes that hold data after. */
    CompletableFuture<List<String>> drain(String nodeId);
}
