package io.botgrid.node.internal;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.internal.MajorityFence;
import io.botgrid.cluster.ClusterAdmin;
import io.botgrid.cluster.Quorum;
import io.botgrid.cluster.DrainResult;
import io.botgrid.cluster.NodeState;
import io.botgrid.cluster.NodeStatus;
import io.botgrid.cluster.PartitionMap;
import io.botgrid.actor.internal.Stores;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.ignite.cache.affinity.Affinity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCluster;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteFuture;

/**
 * The node's {@link ClusterAdmin} on Ignite: the node list from the topology, the baseline and the node attributes
 * that {@link IgniteSetup} publishes; activation counts by a {@link NodeStatsJob} on each node; drains by
 * {@link NodeDrainer}. Everything the fronts know of the cluster goes through here, so that they know nothing of
 * Ignite.
 */
public final class IgniteClusterAdmin implements ClusterAdmin {
    /** How long the node list waits for a node's activation count before reporting -1 for it. */
    private static final long STATS_TIMEOUT_MILLIS = 2_000;

    private final String nodeName;
    private final Supplier<Ignite> ignite;
    private final Function<ActorId, List<String>> placement;
    private final LocalNode self;
    private final NodeDrainer drainer;
    /** The journal's affinity, looked up once per Ignite instance: {@link #ownsHere} runs on every gRPC call. */
    private volatile JournalAffinity journalAffinity;

    private record JournalAffinity(Ignite ignite, Affinity<Object> affinity) {
    }

    /**
     * @param ignite the node's Ignite, null until it has started
     * @param placement the runtime's placement of an actor (fails while the runtime is not ready)
     * @param self this node, for a drain of itself
     * @param backups backup copies of every actor's data (a drain is refused without any)
     */
    public IgniteClusterAdmin(String nodeName, Supplier<Ignite> ignite, Function<ActorId, List<String>> placement,
                              LocalNode self, int backups) {
        this.nodeName = nodeName;
        this.ignite = ignite;
        this.placement = placement;
        this.self = self;
        this.drainer = new NodeDrainer(nodeName, ignite, backups);
    }

    @Override
    public Quorum quorum() {
        Ignite node = joined();
        MajorityFence.Status s = MajorityFence.of(node).current(node);
        return new Quorum(s.inMajority(), s.reachable(), s.baseline(), s.reason());
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public CompletableFuture<List<NodeStatus>> nodes() {
        Ignite ignite = joined();
        IgniteCluster cluster = ignite.cluster();
        boolean active = cluster.state().active();
        Collection<BaselineNode> baseline = cluster.currentBaselineTopology();
        Set<String> dataNodes = baseline == null ? Set.of()
                : baseline.stream().map(IgniteClusterAdmin::id).collect(Collectors.toSet());
        List<ClusterNode> servers = new ArrayList<>(cluster.forServers().nodes());
        Set<String> live = servers.stream().map(IgniteClusterAdmin::id).collect(Collectors.toSet());
        List<NodeStatus> offline = new ArrayList<>();
        if (baseline != null) {
            Departures departures = IgniteSetup.departures(ignite);
            for (BaselineNode b : baseline) {
                String id = id(b);
                if (!live.contains(id)) {
                    offline.add(offlineNode(b, id, departures.offlineSince(id)));
                }
            }
        }
        List<CompletableFuture<Integer>> counts = new ArrayList<>();
        for (ClusterNode n : servers) {
            counts.add(actorCount(ignite, n));
        }
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<NodeStatus> all = new ArrayList<>(offline);
            for (int i = 0; i < servers.size(); i++) {
                ClusterNode n = servers.get(i);
                String id = id(n);
                NodeState state = !active ? NodeState.INACTIVE
                        : dataNodes.contains(id) ? NodeState.SERVING : NodeState.DRAINED;
                all.add(new NodeStatus(id, state, attribute(n, IgniteSetup.REGION_ATTRIBUTE),
                        attribute(n, IgniteSetup.ZONE_ATTRIBUTE), grpcAddress(n), Optional.empty(),
                        counts.get(i).join()));
            }
            all.sort(Comparator.comparing(NodeStatus::id));
            return List.copyOf(all);
        });
    }

    @Override
    public List<String> placement(ActorId id) {
        return placement.apply(id);
    }

    @Override
    public PartitionMap partitionMap() {
        Ignite node = joined();
        long version = node.cluster().topologyVersion();
        Affinity<Object> affinity = node.affinity(Stores.JOURNAL);
        Map<UUID, String> addresses = new HashMap<>();
        List<String> owners = new ArrayList<>(affinity.partitions());
        for (int p = 0; p < affinity.partitions(); p++) {
            ClusterNode owner = affinity.mapPartitionToNode(p);
            owners.add(owner == null ? "" : addresses.computeIfAbsent(owner.id(), id -> grpcAddress(owner)));
        }
        return new PartitionMap(version, owners);
    }

    @Override
    public boolean ownsHere(ActorId id) {
        Ignite node = ignite.get();
        if (node == null) {
            return false;
        }
        try {
            JournalAffinity known = journalAffinity;
            if (known == null || known.ignite() != node) {
                known = new JournalAffinity(node, node.affinity(Stores.JOURNAL));
                journalAffinity = known;
            }
            // partition then primary: mapKeyToNode builds a map of one key, and this runs on every gRPC call
            Affinity<Object> affinity = known.affinity();
            ClusterNode owner = affinity.mapPartitionToNode(affinity.partition(id.asString()));
            return owner != null && owner.isLocal();
        } catch (RuntimeException e) {
            return false; // inactive or stopping: owning nothing is the safe answer
        }
    }

    @Override
    public CompletableFuture<DrainResult> drain(String nodeId, Duration wait) {
        return drainer.drain(nodeId, wait);
    }

    @Override
    public void stopThisNodeLater() {
        DrainJob.stopLater(self);
    }

    private Ignite joined() {
        Ignite i = ignite.get();
        if (i == null) {
            throw new ClusterUnavailableException("node " + nodeName + " has not joined its cluster yet");
        }
        return i;
    }

    /**
     * A baseline node that is not running: its attributes as the baseline remembers them (the region and zone, and
     * the gRPC address it last had, when known), no actors, and since when this node has seen it offline.
     */
    private static NodeStatus offlineNode(BaselineNode b, String id, Instant since) {
        String host = attribute(b, IgniteSetup.GRPC_HOST_ATTRIBUTE);
        String port = attribute(b, IgniteSetup.GRPC_PORT_ATTRIBUTE);
        String address = host.isEmpty() || port.isEmpty() || isWildcard(host) ? ""
                : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return new NodeStatus(id, NodeState.OFFLINE, attribute(b, IgniteSetup.REGION_ATTRIBUTE),
                attribute(b, IgniteSetup.ZONE_ATTRIBUTE), address, Optional.of(since), 0);
    }

    /** The node's live activations; -1 if it did not answer in time. Never fails. */
    private static CompletableFuture<Integer> actorCount(Ignite ignite, ClusterNode n) {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        try {
            IgniteFuture<Integer> f = ignite.compute(ignite.cluster().forNode(n)).withTimeout(STATS_TIMEOUT_MILLIS)
                    .callAsync(new NodeStatsJob());
            f.listen(done -> {
                try {
                    Integer value = done.get();
                    count.complete(value == null ? -1 : value);
                } catch (RuntimeException e) {
                    count.complete(-1);
                }
            });
        } catch (RuntimeException e) {
            count.complete(-1);
        }
        return count;
    }

    /** {@code host:port} of the node's gRPC front; a wildcard host is replaced by one of the node's addresses. */
    private static String grpcAddress(ClusterNode n) {
        Object port = n.attribute(IgniteSetup.GRPC_PORT_ATTRIBUTE);
        if (port == null) {
            return "";
        }
        String host = attribute(n, IgniteSetup.GRPC_HOST_ATTRIBUTE); // not String.valueOf(n.attribute(..)): T = char[]
        if (isWildcard(host)) {
            host = n.addresses().stream().filter(a -> !a.startsWith("127.") && !a.equals("0:0:0:0:0:0:0:1"))
                    .findFirst().orElse(n.addresses().isEmpty() ? host : n.addresses().iterator().next());
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static String attribute(BaselineNode n, String name) {
        Object value = n.attribute(name);
        return value == null ? "" : value.toString();
    }

    private static String id(BaselineNode n) {
        return String.valueOf(n.consistentId());
    }
}
