package io.botgrid.grpc.internal;

import io.botgrid.actor.internal.ActorRuntime;
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
        return ActorRuntime.activeCountOn(ignite.name());
    }
}
