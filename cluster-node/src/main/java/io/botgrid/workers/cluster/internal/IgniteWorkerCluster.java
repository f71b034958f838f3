package io.botgrid.workers.cluster.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.AssignmentRecord;
import io.botgrid.proto.v1.NodeWorkerStatus;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.proto.v1.WorkerCall;
import io.botgrid.proto.v1.WorkerCallResult;
import io.botgrid.proto.v1.WorkerOutput;
import io.botgrid.registry.Registry;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.Placement;
import io.botgrid.workers.StandaloneSpec;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.WorkerErrorCode;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.cluster.SpecRecord;
import io.botgrid.workers.cluster.SpecReplica;
import io.botgrid.workers.cluster.WorkerCallException;
import io.botgrid.workers.cluster.WorkerCluster;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterGroup;
import org.apache.ignite.lang.IgniteFuture;

/**
 * The {@link WorkerCluster} port on Ignite, and the one entry point of this package for the composition root
 * ({@link #start}). Specs go to the {@link SpecStore}; the {@link Reconciler} places and runs them; messages go to
 * the node the target's assignment names — at once through the local supervisor when that is this node, otherwise
 * as a {@link WorkerCallJob}.
 */
public final class IgniteWorkerCluster implements WorkerCluster, AutoCloseable {
    private final Ignite ignite;
    private final LocalSupervisor supervisor;
    private final SpecStore store;
    private final Reconciler reconciler;
    private final ReplicatedSpecs replicated;
    private final Executor callbacks;
    private final AutoCloseable subscription;

    private IgniteWorkerCluster(String nodeName, Ignite ignite, LocalSupervisor supervisor, Registry registry,
                                Function<String, Optional<String>> actorOwner, Clock clock, Executor callbacks) {
        this.ignite = ignite;
        this.supervisor = supervisor;
        this.store = new SpecStore(ignite, clock);
        this.reconciler = new Reconciler(nodeName, ignite, store, supervisor, actorOwner, clock);
        this.replicated = new ReplicatedSpecs(ignite, reconciler::trigger);
        this.callbacks = callbacks;
        NameKeeper names = new NameKeeper(registry, supervisor, reconciler::execute);
        this.subscription = supervisor.subscribe(names::onEvent);
    }

    /**
     * Starts the cluster side on an active cluster: publishes the supervisor for jobs, declares the node's YAML specs
     * (idempotent; never over a run-time change or removal) and starts reconciling.
     *
     * @param actorOwner the node name owning an actor {@code type/key}, for with-actor placement
     * @param callbacks runs the continuations of remote calls (never an Ignite thread)
     * @param tick the safety-net interval of reconciliation
     */
    public static IgniteWorkerCluster start(String nodeName, Ignite ignite, LocalSupervisor supervisor,
                                            Registry registry, List<WorkerSpec> configured,
                                            Function<String, Optional<String>> actorOwner, Clock clock,
                                            Executor callbacks, Duration tick) {
        ignite.cluster().<String, Object>nodeLocalMap().put(WorkerStores.SUPERVISOR_KEY, supervisor);
        IgniteWorkerCluster c = new IgniteWorkerCluster(nodeName, ignite, supervisor, registry, actorOwner, clock,
                callbacks);
        for (WorkerSpec spec : configured) {
            c.store.declareFromConfig(spec);
        }
        c.reconciler.start(tick);
        return c;
    }

    // ---------------------------------------------------------------- specs

    /** The specs' side of replication between regions. */
    public SpecReplica replica() {
        return replicated;
    }

    @Override
    public SpecRecord declare(WorkerSpec spec) {
        supervisor.validate(spec);
        Placement p = spec.placement();
        if (p instanceof Placement.Zone || p instanceof Placement.NodeAttribute) {
            if (Eligibility.eligible(p, ignite.cluster().forServers().nodes()).isEmpty()) {
                throw new WorkerCallException(WorkerErrorCode.FAILED_PRECONDITION, "no live node has "
                        + Eligibility.describe(p) + " for worker spec '" + spec.id() + "'");
            }
        }
        SpecRecord r = store.declare(spec);
        reconciler.trigger();
        return r;
    }

    @Override
    public long remove(String specId) {
        long v = store.remove(specId);
        reconciler.trigger();
        return v;
    }

    @Override
    public List<SpecRecord> specs() {
        return store.all();
    }

    @Override
    public Optional<SpecRecord> spec(String specId) {
        return store.get(specId);
    }

    // ---------------------------------------------------------------- status

    @Override
    public CompletableFuture<List<SpecStatus>> status(Optional<String> specId) {
        List<SpecRecord> specs = specId.map(id -> store.get(id).map(List::of).orElseThrow(() ->
                notFound("no worker spec '" + id + "' is declared"))).orElseGet(store::all);
        Map<String, AssignmentRecord> assignments = assignments();
        ClusterGroup servers = ignite.cluster().forServers();
        CompletableFuture<List<SpecStatus>> out = new CompletableFuture<>();
        IgniteFuture<Collection<byte[]>> all = ignite.compute(servers).broadcastAsync(new StatusJob());
        all.listen(f -> callbacks.execute(() -> {
            try {
                Collection<byte[]> answers;
                try {
                    answers = f.get();
                } catch (RuntimeException partial) {
                    answers = List.of(); // a node left meanwhile: report from assignments only
                }
                Map<String, SpecStatus> live = new HashMap<>();
                for (byte[] a : answers) {
                    for (SpecStatus s : NodeWorkerStatus.parseFrom(a).getSpecsList()) {
                        live.put(s.getSpecId() + "@" + s.getNode(), s);
                    }
                }
                out.complete(merge(specs, assignments, live));
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                out.completeExceptionally(e);
            }
        }));
        return out;
    }

    private static List<SpecStatus> merge(List<SpecRecord> specs, Map<String, AssignmentRecord> assignments,
                                          Map<String, SpecStatus> live) {
        List<SpecStatus> out = new ArrayList<>();
        for (SpecRecord r : specs) {
            String id = r.spec().id();
            List<AssignmentRecord> placed = assignments.values().stream().filter(a -> a.getSpecId().equals(id))
                    .sorted(Comparator.comparing(AssignmentRecord::getNode)).toList();
            if (placed.isEmpty()) {
                out.add(SpecStatus.newBuilder().setSpecId(id).setState("unplaced").build());
            }
            for (AssignmentRecord a : placed) {
                SpecStatus s = live.get(id + "@" + a.getNode());
                if (s != null && s.getIncarnation() == a.getIncarnation()) {
                    out.add(s);
                } else {
                    out.add(SpecStatus.newBuilder().setSpecId(id).setNode(a.getNode())
                            .setIncarnation(a.getIncarnation()).setState(s == null ? "unreachable" : "starting")
                            .build());
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- messages

    @Override
    public CompletableFuture<List<WorkerMessage>> send(String workerId, WorkerMessage message) {
        String specId = workerId.contains("/") ? workerId.substring(0, workerId.indexOf('/')) : workerId;
        return call(specId, WorkerCall.Kind.SEND, workerId, "", message, StandaloneSpec.class, GroupSpec.class)
                .thenApply(IgniteWorkerCluster::outputs);
    }

    @Override
    public CompletableFuture<Integer> broadcast(String groupId, WorkerMessage message) {
        return call(groupId, WorkerCall.Kind.BROADCAST, groupId, "", message, GroupSpec.class, GroupSpec.class)
                .thenApply(WorkerCallResult::getDelivered);
    }

    @Override
    public CompletableFuture<List<WorkerMessage>> push(String chainId, Optional<String> stage, WorkerMessage message) {
        return call(chainId, WorkerCall.Kind.PUSH, chainId, stage.orElse(""), message, ChainSpec.class,
                ChainSpec.class).thenApply(IgniteWorkerCluster::outputs);
    }

    private CompletableFuture<WorkerCallResult> call(String specId, WorkerCall.Kind kind, String target, String stage,
                                                     WorkerMessage m, Class<?> kindA, Class<?> kindB) {
        SpecRecord r;
        try {
            r = store.get(specId).orElseThrow(() -> notFound("no worker spec '" + specId + "' is declared"));
            if (!kindA.isInstance(r.spec()) && !kindB.isInstance(r.spec())) {
                throw new WorkerCallException(WorkerErrorCode.FAILED_PRECONDITION, "worker spec '" + specId
                        + "' is a " + NameKeeper.kind(r.spec()) + ", not a "
                        + (kind == WorkerCall.Kind.PUSH ? "chain" : kind == WorkerCall.Kind.BROADCAST ? "group"
                        : "standalone worker or group"));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        WorkerCall call = WorkerCall.newBuilder().setKind(kind).setTarget(target).setStage(stage)
                .setPayload(ByteString.copyFrom(m.payload())).setKey(m.keyIfAny().orElse(""))
                .putAllHeaders(m.headers()).setTraceparent(TraceContext.current()).build();
        Optional<UUID> node = route(specId);
        if (node.isEmpty()) {
            return CompletableFuture.failedFuture(new WorkerCallException(WorkerErrorCode.UNAVAILABLE,
                    "worker spec '" + specId + "' is not placed on any node now (its node left; it is being moved)"));
        }
        CompletableFuture<WorkerCallResult> out = new CompletableFuture<>();
        if (node.get().equals(ignite.cluster().localNode().id())) {
            WorkerCallJob.runAsync(supervisor, call).thenAccept(result -> complete(out, result));
            return out;
        }
        ClusterGroup where = ignite.cluster().forNodeId(node.get());
        ignite.compute(where).callAsync(new WorkerCallJob(call.toByteArray())).listen(f -> callbacks.execute(() -> {
            try {
                complete(out, WorkerCallResult.parseFrom(f.get()));
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                out.completeExceptionally(new WorkerCallException(WorkerErrorCode.UNAVAILABLE, "the node running '"
                        + specId + "' did not answer: " + e.getMessage()));
            }
        }));
        return out;
    }

    private static void complete(CompletableFuture<WorkerCallResult> out, WorkerCallResult r) {
        if (r.getErrorCode().isEmpty()) {
            out.complete(r);
        } else {
            out.completeExceptionally(new WorkerCallException(WorkerErrorCode.valueOf(r.getErrorCode()),
                    r.getErrorMessage()));
        }
    }

    /** The node to call: this one for an every-node spec it runs, else the assignment's node if it is alive. */
    private Optional<UUID> route(String specId) {
        UUID me = ignite.cluster().localNode().id();
        List<UUID> candidates = new ArrayList<>();
        for (AssignmentRecord a : assignments().values()) {
            if (a.getSpecId().equals(specId)) {
                UUID id = UUID.fromString(a.getNodeId());
                if (id.equals(me)) {
                    return Optional.of(me);
                }
                if (ignite.cluster().node(id) != null) {
                    candidates.add(id);
                }
            }
        }
        return candidates.stream().findFirst();
    }

    private Map<String, AssignmentRecord> assignments() {
        Map<String, AssignmentRecord> out = new HashMap<>();
        Reconciler.scan(ignite.cache(WorkerStores.ASSIGNMENTS)).forEach((k, v) -> out.put(k, Reconciler.parse(k, v)));
        return out;
    }

    private static List<WorkerMessage> outputs(WorkerCallResult r) {
        List<WorkerMessage> out = new ArrayList<>();
        for (WorkerOutput o : r.getOutputsList()) {
            out.add(new WorkerMessage(o.getPayload().toByteArray(), o.getKey().isEmpty() ? null : o.getKey(),
                    o.getHeadersMap()));
        }
        return out;
    }

    private static WorkerCallException notFound(String message) {
        return new WorkerCallException(WorkerErrorCode.NOT_FOUND, message);
    }

    /** Stops reconciling and takes the supervisor out of the node-local map (the node stops). */
    @Override
    public void close() {
        reconciler.close();
        try {
            subscription.close();
        } catch (Exception e) {
            // the supervisor is closing too
        }
        try {
            ignite.cluster().<String, Object>nodeLocalMap().remove(WorkerStores.SUPERVISOR_KEY, supervisor);
        } catch (RuntimeException e) {
            // Ignite is stopping
        }
    }
}
