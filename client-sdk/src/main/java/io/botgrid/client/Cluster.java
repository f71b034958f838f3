package io.botgrid.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Cluster administration: needs the operator role to read and admin to drain. */
public interface Cluster {

    CompletableFuture<List<NodeView>> nodes();

    CompletableFuture<Placement> placement(String type, String key);

    /** Moves every actor off the node so it can be stopped; completes with the nodes that hold data after. */
    CompletableFuture<List<String>> drain(String nodeId);
}
