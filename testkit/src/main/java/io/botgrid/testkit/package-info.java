/**
 * Botgrid's test kit, for Botgrid's own tests and for users testing their actors: {@link
 * io.botgrid.testkit.TestCluster} runs several real nodes in one JVM (stop, kill, restart, passivate, wait for a
 * stable topology), {@link io.botgrid.testkit.NodeProcess} runs a node as a separate JVM that can be killed with
 * SIGKILL, and {@link io.botgrid.testkit.BehaviorTestKit} runs one behaviour without a cluster.
 */
package io.botgrid.testkit;
