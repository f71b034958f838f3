package io.botgrid.node.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/** Runs on one node for the node list: the number of live activations there (-1: no runtime). */
final class NodeStatsJob implements IgniteCallable<Integer> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public Integer call() {
        Object local = ignite.cluster().nodeLocalMap().get(IgniteSetup.NODE_LOCAL_KEY);
        return local instanceof LocalNode node && node.isReady() ? node.activeActors() : -1;
    }
}
