package io.botgrid.actor.internal;

import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * The ids of the nodes this node sees in the cluster, for a directory claim ({@link ClaimEntry}): built once per
 * topology version rather than per claim, since a node claims thousands of actors per second while the topology
 * rarely changes.
 */
final class TopologyView {
    private record Snapshot(long version, UUID[] ids) { }

    private final Ignite ignite;
    private volatile Snapshot last = new Snapshot(-1, new UUID[0]);

    TopologyView(Ignite ignite) {
        this.ignite = ignite;
    }

    UUID[] aliveNodes() {
        long version = ignite.cluster().topologyVersion();
        Snapshot s = last;
        if (s.version() != version) {
            // Read the version before the nodes: a change in between makes the next call rebuild, never keeps a
            // list older than its version.
            s = new Snapshot(version, ignite.cluster().nodes().stream().map(ClusterNode::id).toArray(UUID[]::new));
            last = s;
        }
        return s.ids();
    }
}
