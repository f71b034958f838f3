package io.botgrid.node.internal;

import io.botgrid.telemetry.HealthCheck;
import io.botgrid.telemetry.HealthChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;

/**
 * The node's readiness conditions on Ignite, as named {@link HealthCheck}s: joined, baseline active, no lost partition
 * among those it holds, actor runtime running, gRPC front serving, not draining.
 *
 * <p>Each check reads Ignite's public API only and is cheap enough to run on every probe. A later condition (the
 * majority check of a split-brain guard) is one more {@link HealthChecks#addReady} in the composition root.
 */
public final class NodeReadiness {
    private NodeReadiness() {
    }

    /** What the checks read of the node. */
    public record Inputs(Supplier<Ignite> ignite, BooleanSupplier runtimeRunning, BooleanSupplier grpcEnabled,
                         BooleanSupplier grpcRunning, BooleanSupplier draining) {
    }

    /** Adds the liveness check and the readiness checks to {@code checks}. */
    public static void register(HealthChecks checks, Inputs in) {
        checks.addLive(new HealthCheck("process", Optional::empty));
        checks.addReady(new HealthCheck("joined", () -> joined(in.ignite().get())));
        checks.addReady(new HealthCheck("baseline-active", () -> baselineActive(in.ignite().get())));
        checks.addReady(new HealthCheck("no-lost-partitions", () -> lostPartitions(in.ignite().get())));
        checks.addReady(new HealthCheck("runtime-running", () -> in.runtimeRunning().getAsBoolean()
                ? Optional.empty() : Optional.of("the actor runtime does not take calls (starting or stopped)")));
        checks.addReady(new HealthCheck("grpc-serving", () -> !in.grpcEnabled().getAsBoolean()
                || in.grpcRunning().getAsBoolean() ? Optional.empty()
                : Optional.of("the gRPC front is not running")));
        checks.addReady(new HealthCheck("not-draining", () -> in.draining().getAsBoolean()
                ? Optional.of("the node is draining or stopping") : Optional.empty()));
    }

    private static Optional<String> joined(Ignite ignite) {
        if (ignite == null) {
            return Optional.of("Ignite has not started yet");
        }
        ClusterNode local = ignite.cluster().localNode();
        if (ignite.cluster().forServers().node(local.id()) == null) {
            return Optional.of("this node is not in the cluster topology");
        }
        return Optional.empty();
    }

    private static Optional<String> baselineActive(Ignite ignite) {
        if (ignite == null) {
            return Optional.of("Ignite has not started yet");
        }
        if (!ignite.cluster().state().active()) {
            return Optional.of("the cluster is not active (" + ignite.cluster().state() + ")");
        }
        Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
        Object me = ignite.cluster().localNode().consistentId();
        if (baseline == null || baseline.stream().noneMatch(n -> n.consistentId().equals(me))) {
            return Optional.of("this node is not in the baseline topology (it holds no data yet)");
        }
        return Optional.empty();
    }

    /**
     * Lost partitions of the caches this node holds data for. Ignite keeps a lost partition assigned to the departed
     * nodes that held it (the baseline does not follow a departure that loses data), so a survivor rarely "owns" one
     * by affinity; yet it cannot serve the actors in it, and it is where the operator resets them. So any lost
     * partition fails the check; the reason says how many are assigned here.
     */
    private static Optional<String> lostPartitions(Ignite ignite) {
        if (ignite == null) {
            return Optional.empty(); // "joined" says so; nothing can be lost before the node holds anything
        }
        ClusterNode local = ignite.cluster().localNode();
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> gone : LostPartitions.of(ignite).byCache().entrySet()) {
            String name = gone.getKey();
            Set<Integer> held = new TreeSet<>();
            Arrays.stream(ignite.affinity(name).allPartitions(local)).forEach(held::add);
            List<Integer> sorted = gone.getValue();
            long here = sorted.stream().filter(held::contains).count();
            lost.add(name + " " + (sorted.size() > 8 ? sorted.subList(0, 8) + "… (" + sorted.size() + ")" : sorted)
                    + ", " + here + " assigned here");
        }
        return lost.isEmpty() ? Optional.empty()
                : Optional.of("lost partitions (every copy gone): " + String.join("; ", lost));
    }
}
