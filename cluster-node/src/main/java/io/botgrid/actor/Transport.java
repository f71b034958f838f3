package io.botgrid.actor;

/**
 * How a call reaches an actor owned by another node. Public so that a node's configuration can choose it without
 * naming the runtime's internals.
 */
public enum Transport {
    /** Batched Ignite messages, one outbox per destination node (the default). */
    MESSAGING,
    /** One Ignite {@code affinityCall} job per call; holds a thread of Ignite's public pool until the reply. */
    COMPUTE
}
