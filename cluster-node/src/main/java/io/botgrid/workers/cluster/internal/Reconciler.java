package io.botgrid.workers.cluster.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.proto.v1.AssignmentRecord;
import io.botgrid.util.ContinuousQueries;
import io.botgrid.util.DaemonThreads;
import io.botgrid.workers.LocalSupervisor;
import io.botgrid.workers.Placement;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.WorkerStatus;
import io.botgrid.workers.cluster.SpecRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.event.CacheEntryUpdatedListener;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the cluster to its declared state, on one thread per node. Two duties:
 * <ol>
 *   <li><b>Assign</b> (only on the coordinator, the oldest server node, so that there is one writer): every live spec
 *       gets an assignment — the node that runs it and an incarnation — kept while that node is alive and still
 *       matches the placement; otherwise moved, with the incarnation increased. {@code any} goes to the eligible
 *       node with the fewest assignments; {@code with-actor} to the actor's owner (and follows it);
 *       {@code every-node} gets one assignment per eligible node. Writes are compare-and-set.</li>
 *   <li><b>Apply</b> (on every node): run what is assigned to this node (in this run of it) through the
 *       {@link LocalSupervisor} and stop what is not.</li>
 * </ol>
 * It runs when anything it depends on changes — a node joins, leaves or fails (Ignite discovery events), a spec or
 * an assignment changes (continuous queries) — and every {@code tick} as a safety net. A node that fails is replaced
 * as soon as the coordinator sees the discovery event: the bound past failure detection is one reconciliation on
 * the coordinator plus one on the target.
 */
final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int[] TOPOLOGY = {EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT,
        EventType.EVT_NODE_FAILED};

    private final Ignite ignite;
    private final SpecStore specs;
    private final LocalSupervisor supervisor;
    private final Function<String, Optional<String>> actorOwner;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final List<QueryCursor<?>> queries = new ArrayList<>();
    private volatile IgnitePredicate<Event> topologyListener;

    /**
     * @param actorOwner the name of the node owning an actor ({@code type/key}), empty if none now
     */
    Reconciler(String nodeName, Ignite ignite, SpecStore specs, LocalSupervisor supervisor,
               Function<String, Optional<String>> actorOwner, Clock clock) {
        this.ignite = ignite;
        this.specs = specs;
        this.supervisor = supervisor;
        this.actorOwner = actorOwner;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("botgrid-workers-" + nodeName));
    }

    void start(Duration tick) {
        IgnitePredicate<Event> l = event -> {
            trigger();
            return true;
        };
        ignite.events().localListen(l, TOPOLOGY);
        topologyListener = l;
        for (String cache : List.of(WorkerStores.SPECS, WorkerStores.ASSIGNMENTS)) {
            ContinuousQuery<String, byte[]> q = new ContinuousQuery<>();
            CacheEntryUpdatedListener<String, byte[]> onChange = events -> trigger();
            q.setLocalListener(onChange);
            queries.add(ContinuousQueries.listen(ignite.<String, byte[]>cache(cache), q));
        }
        thread.scheduleWithFixedDelay(this::trigger, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        trigger();
    }

    /** Asks for a reconciliation soon; several requests before it runs make one. */
    void trigger() {
        if (pending.compareAndSet(false, true)) {
            try {
                thread.execute(this::run);
            } catch (RejectedExecutionException stopping) {
                pending.set(false);
            }
        }
    }

    /** Runs a task on the reconciler's thread (so that it is ordered with reconciliations). */
    void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException stopping) {
            // the node is stopping
        }
    }

    private void run() {
        pending.set(false);
        try {
            if (!ignite.cluster().state().active()) {
                return;
            }
            Map<String, SpecRecord> live = new HashMap<>();
            specs.all().forEach(r -> live.put(r.spec().id(), r));
            if (isCoordinator()) {
                assign(live);
            }
            apply(live);
        } catch (RuntimeException e) {
            LOG.warn("Worker reconciliation failed on {} (retried on the next change or tick): {}",
                    ignite.name(), e.toString());
        }
    }

    private boolean isCoordinator() {
        ClusterNode oldest = ignite.cluster().forServers().forOldest().node();
        return oldest != null && oldest.id().equals(ignite.cluster().localNode().id());
    }

    // ---------------------------------------------------------------- assign (coordinator)

    private void assign(Map<String, SpecRecord> live) {
        Collection<ClusterNode> servers = ignite.cluster().forServers().nodes();
        Map<String, ClusterNode> byName = new HashMap<>();
        servers.forEach(n -> byName.put(String.valueOf(n.consistentId()), n));
        Map<String, byte[]> raw = scan(ignite.cache(WorkerStores.ASSIGNMENTS));
        Map<String, AssignmentRecord> current = new HashMap<>();
        raw.forEach((k, v) -> current.put(k, parse(k, v)));

        Map<String, Integer> load = new HashMap<>();
        for (AssignmentRecord a : current.values()) {
            if (live.containsKey(a.getSpecId())) {
                load.merge(a.getNodeId(), 1, Integer::sum);
            }
        }
        Set<String> wanted = new HashSet<>();
        List<SpecRecord> ordered = new ArrayList<>(live.values());
        ordered.sort(Comparator.comparing(r -> r.spec().id()));
        for (SpecRecord r : ordered) {
            WorkerSpec spec = r.spec();
            List<ClusterNode> eligible = Eligibility.eligible(spec.placement(), servers);
            if (spec.placement() instanceof Placement.EveryNode) {
                for (ClusterNode n : eligible) {
                    String key = spec.id() + "@" + n.consistentId();
                    wanted.add(key);
                    ensure(key, r, n, current.get(key), raw.get(key));
                }
                continue;
            }
            String key = spec.id();
            AssignmentRecord a = current.get(key);
            ClusterNode target;
            if (spec.placement() instanceof Placement.WithActor w) {
                target = actorOwner.apply(w.type() + "/" + w.key()).map(byName::get).orElse(null);
            } else if (a != null && isAlive(a, servers) && eligible.stream().anyMatch(n -> n.id().toString()
                    .equals(a.getNodeId()))) {
                target = eligible.stream().filter(n -> n.id().toString().equals(a.getNodeId())).findFirst()
                        .orElseThrow();
            } else {
                target = eligible.stream().min(Comparator.<ClusterNode>comparingInt(n -> load.getOrDefault(
                        n.id().toString(), 0)).thenComparingInt(n -> Math.floorMod(
                        (spec.id() + "|" + n.consistentId()).hashCode(), 1 << 30))).orElse(null);
            }
            wanted.add(key); // kept even while unplaceable, so that the incarnations go on from it
            if (target == null) {
                continue; // no live node fits now (or the actor's owner is not settled): next change or tick
            }
            if (ensure(key, r, target, a, raw.get(key))) {
                if (a != null) {
                    load.merge(a.getNodeId(), -1, Integer::sum);
                }
                load.merge(target.id().toString(), 1, Integer::sum);
            }
        }
        IgniteCache<String, byte[]> cache = ignite.cache(WorkerStores.ASSIGNMENTS);
        raw.forEach((k, v) -> {
            if (!wanted.contains(k)) {
                cache.remove(k, v);
            }
        });
    }

    /** Makes the assignment {@code key} name {@code target} at the spec's version; returns whether it moved. */
    private boolean ensure(String key, SpecRecord r, ClusterNode target, AssignmentRecord a, byte[] old) {
        String targetId = target.id().toString();
        if (a != null && a.getNodeId().equals(targetId) && a.getSpecVersion() == r.version()) {
            return false;
        }
        AssignmentRecord next = AssignmentRecord.newBuilder().setSpecId(r.spec().id())
                .setNode(String.valueOf(target.consistentId())).setNodeId(targetId)
                .setIncarnation(a == null ? 1 : a.getIncarnation() + 1).setAssignedAtMillis(clock.millis())
                .setSpecVersion(r.version()).build();
        IgniteCache<String, byte[]> cache = ignite.cache(WorkerStores.ASSIGNMENTS);
        boolean written = old == null ? cache.putIfAbsent(key, next.toByteArray())
                : cache.replace(key, old, next.toByteArray());
        if (written) {
            LOG.info("Worker spec {} ({}) assigned to {}, incarnation {}", r.spec().id(), key, next.getNode(),
                    next.getIncarnation());
        }
        return written && (a == null || !a.getNodeId().equals(targetId));
    }

    private static boolean isAlive(AssignmentRecord a, Collection<ClusterNode> servers) {
        return servers.stream().anyMatch(n -> n.id().toString().equals(a.getNodeId()));
    }

    // ---------------------------------------------------------------- apply (every node)

    private void apply(Map<String, SpecRecord> live) {
        String me = ignite.cluster().localNode().id().toString();
        Map<String, AssignmentRecord> mine = new HashMap<>();
        for (Map.Entry<String, byte[]> e : scan(ignite.cache(WorkerStores.ASSIGNMENTS)).entrySet()) {
            AssignmentRecord a = parse(e.getKey(), e.getValue());
            if (a.getNodeId().equals(me)) {
                mine.put(a.getSpecId(), a);
            }
        }
        for (AssignmentRecord a : mine.values()) {
            SpecRecord r = live.get(a.getSpecId());
            if (r == null || r.version() != a.getSpecVersion()) {
                continue; // removed, or changed and about to be reassigned with a new incarnation
            }
            Optional<WorkerStatus> running = supervisor.status(a.getSpecId());
            if (running.isPresent() && running.get().incarnation() == a.getIncarnation()) {
                continue; // applied already (stopped or failed ones stay so until a new incarnation)
            }
            try {
                supervisor.apply(r.spec(), a.getIncarnation());
            } catch (RuntimeException e) {
                LOG.warn("Node {} cannot run worker spec {}: {}", ignite.name(), a.getSpecId(), e.getMessage());
            }
        }
        for (WorkerStatus s : supervisor.status()) {
            if (!mine.containsKey(s.id())) {
                supervisor.stop(s.id()); // removed, or moved to another node
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, byte[]> scan(IgniteCache<String, byte[]> cache) {
        Map<String, byte[]> all = new HashMap<>();
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = cache.query(new ScanQuery<String, byte[]>())) {
            for (Cache.Entry<String, byte[]> e : cursor) {
                all.put(e.getKey(), e.getValue());
            }
        }
        return all;
    }

    static AssignmentRecord parse(String key, byte[] bytes) {
        try {
            return AssignmentRecord.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("worker assignment '" + key + "' does not parse: " + e.getMessage(), e);
        }
    }

    /** Node ids of the current run of every server node, for routing. */
    static Set<UUID> serverIds(Ignite ignite) {
        Set<UUID> ids = new HashSet<>();
        ignite.cluster().forServers().nodes().forEach(n -> ids.add(n.id()));
        return ids;
    }

    @Override
    public void close() {
        IgnitePredicate<Event> l = topologyListener;
        try {
            if (l != null) {
                ignite.events().stopLocalListen(l, TOPOLOGY);
            }
            queries.forEach(QueryCursor::close);
        } catch (RuntimeException e) {
            LOG.debug("Worker reconciler of a stopping node: {}", e.toString());
        }
        thread.shutdownNow();
    }
}
