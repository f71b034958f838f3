package io.botgrid.grpc.internal;

import io.botgrid.node.BotgridNode;
import io.botgrid.node.internal.IgniteSetup;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/** Runs on one node for {@code ClusterService.ListNodes}: the number of live activations there (-1: no runtime). */
final class NodeStatsJob implements IgniteCallable<Integer> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public Integer call() {
        Object local = ignite.cluster().nodeLocalMap().get(IgniteSetup.NODE_LOCAL_KEY);
        return local instanceof BotgridNode node && node.isReady() ? node.activeActors() : -1;
    }
}
