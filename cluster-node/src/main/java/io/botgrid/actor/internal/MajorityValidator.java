package io.botgrid.actor.internal;

import java.util.Collection;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.TopologyValidator;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Ignite's half of majority fencing: set on every Botgrid cache, it declares a topology valid only if this node's
 * side holds a strict majority of the baseline nodes ({@link MajorityFence}). On an invalid topology Ignite refuses
 * every update of the cache (reads still work; the runtime refuses those itself). Ignite checks it at every topology
 * change, on every node, for the topology that node sees.
 */
public final class MajorityValidator implements TopologyValidator {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public boolean validate(Collection<ClusterNode> nodes) {
        if (ignite == null) {
            return true; // not injected (a configuration being checked, not a running cache)
        }
        return MajorityFence.of(ignite).check(ignite.cluster().currentBaselineTopology(), nodes).inMajority();
    }
}
