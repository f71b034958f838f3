package io.botgrid.actor;

/**
 * Observes activations starting and ending on a node: for metrics, logs and the test kit's single-activation
 * checks. Called on runtime threads; must be quick and must not throw.
 */
public interface ActivationListener {
    /** Why an activation ended. */
    enum EndReason { IDLE, FORCED, OWNER_CHANGED, FAILED, NODE_STOPPING }

    /** The actor became active on {@code nodeName}; it handles messages after this returns. */
    void activated(ActorId id, String nodeName);

    /** The activation on {@code nodeName} ended; it handles no message after this is called. */
    void deactivated(ActorId id, String nodeName, EndReason reason);

    ActivationListener NONE = new ActivationListener() {
        @Override
        public void activated(ActorId id, String nodeName) {
        }

        @Override
        public void deactivated(ActorId id, String nodeName, EndReason reason) {
        }
    };
}
