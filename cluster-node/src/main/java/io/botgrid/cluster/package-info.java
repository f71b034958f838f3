/**
 * The cluster as a node's fronts administer it: {@link io.botgrid.cluster.ClusterAdmin} (the nodes and their state,
 * an actor's placement, draining a node) and its immutable values. It is a port: the node implements it on Ignite,
 * so the gRPC front (and any other front) depends on this package and never on the node or on Ignite.
 */
package io.botgrid.cluster;
