package io.botgrid.node.internal;

/**
 * What jobs sent by other nodes may ask of the Botgrid node running in an Ignite node, found in its node-local map
 * under {@link IgniteSetup#NODE_LOCAL_KEY}. An interface so that the jobs do not depend on the node's class.
 */
public interface LocalNode {
    /** The node's name. */
    String name();

    /** Whether the node takes calls. */
    boolean isReady();

    /** Live activations on the node. */
    int activeActors();

    /** Graceful stop: calls in flight finish, actors are handed over, the node leaves. */
    void close();
}
