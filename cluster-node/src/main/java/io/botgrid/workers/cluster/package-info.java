/**
 * The cluster side of supervised workers: durable specs, placement of each spec on a node, failover when nodes
 * leave, routing of messages to the node running a worker, and a status view across nodes. Each node runs what is
 * placed on it through its node-local {@link io.botgrid.workers.LocalSupervisor}; the registry
 * ({@code io.botgrid.registry}) holds the running workers' names. The gRPC front reaches all of it through the
 * {@link io.botgrid.workers.cluster.WorkerCluster} port.
 */
package io.botgrid.workers.cluster;
