package io.botgrid.node.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Runs on the node being drained: starts its graceful stop on a thread of its own (the stop leaves the cluster, so
 * it cannot run on Ignite's job thread) and returns at once. False if no Botgrid node runs there.
 */
final class DrainJob implements IgniteCallable<Boolean> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public Boolean call() {
        Object local = ignite.cluster().nodeLocalMap().get(IgniteSetup.NODE_LOCAL_KEY);
        if (!(local instanceof LocalNode node)) {
            return false;
        }
        stopLater(node);
        return true;
    }

    /** Closes the node on a new thread: gRPC calls in flight finish, actors are handed over, the node leaves. */
    static void stopLater(LocalNode node) {
        Thread stopper = new Thread(node::close, "botgrid-drain-" + node.name());
        stopper.start();
    }
}
