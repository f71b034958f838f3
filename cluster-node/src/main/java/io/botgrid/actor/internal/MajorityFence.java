package io.botgrid.actor.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node's side of the cluster holds a strict majority of the data-holding (baseline) nodes: the test
 * behind majority fencing. One per node (in Ignite's node-local map), shared by the caches' topology validators
 * ({@link MajorityValidator}), which make Ignite refuse writes on a minority, and by the runtime, which refuses calls
 * and journal reads there and reports readiness.
 *
 * <p>Why a reference set and not simply the current baseline: the baseline follows the topology after
 * {@code baselineAutoAdjust}, and on a side cut off from the rest it would shrink to that side alone, which would
 * then hold "a majority" of itself. So the fence counts against the baseline of the last topology in which this node
 * was on a majority side, and only moves that reference on while it still is: a minority stays a minority however its
 * baseline changes, until it rejoins the others. The reference is kept in a small file beside the node's data, so a
 * cut-off node that restarts (its stored baseline may have shrunk to itself meanwhile) is still fenced; a node
 * without that file takes the baseline it finds.
 *
 * <p>A node that left gracefully (a stop or a drain: Ignite reports it as left, not failed) handed its actors over
 * and is on nobody's side, so it no longer counts: stopping nodes one by one down to one is allowed, while losing
 * sight of them (a crash, a freeze, a cut link: reported as failed) is not. The fence learns which by listening to
 * discovery events; {@code IgniteSetup} registers it before Ignite starts so that it misses none.
 */
public final class MajorityFence implements IgnitePredicate<Event> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MajorityFence.class);
    private static final String NODE_LOCAL_KEY = "botgrid.majority-fence";
    /** The discovery events the fence listens to. */
    public static final int[] EVENTS = {EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED};
    /** Stands for a baseline whose identity is unknown: never matches, so every call checks. */
    private static final Object NO_IDENTITY = new Object();

    /** What the fence says. */
    public record Status(boolean inMajority, int reachable, int baseline) {
        /** Why writes are refused here, for clients and operators; empty in a majority. */
        public String reason() {
            return inMajority ? "" : "this node is in a minority partition (" + reachable + " of " + baseline
                    + " baseline nodes reachable): writes and reads are refused until it is back with a majority";
        }
    }

    private transient Set<Object> reference;
    /** Nodes that left gracefully and have not come back. */
    private final transient Set<Object> left = ConcurrentHashMap.newKeySet();
    /** Counts the changes of {@link #left} and of {@link #reference}: part of what an {@link Answer} holds for. */
    private final transient AtomicLong changes = new AtomicLong();
    /** The last answer of {@link #current}, and what it was computed from; null: none yet. */
    private transient volatile Answer last;

    /**
     * An answer of {@link #current} and its inputs: the (major) topology version, which fixes the server nodes; the
     * baseline as Ignite holds it (an immutable object, replaced on every baseline change, compared by identity);
     * and {@link #changes}. While all three are the same, {@link #check} would give the same answer again (it is
     * idempotent for the same inputs), so it is not run again: the runtime asks on every call. The baseline's
     * identity comes from Ignite's internal cluster state (checked against Ignite 2.17, whose baseline object has only
     * final fields and is replaced, never changed): re-check this when Ignite is upgraded.
     */
    private record Answer(long topologyVersion, Object baseline, long changes, Status status) {
    }

    /** Where the reference is kept between runs; null: in memory only. */
    private final transient Path file;

    /** A fence that keeps its reference in {@code file} (null: in memory only). */
    public MajorityFence(Path file) {
        this.file = file;
    }

    /** The node's fence: the one registered as a listener before it started, else one made on first use. */
    public static MajorityFence of(Ignite ignite) {
        Map<IgnitePredicate<? extends Event>, int[]> listeners = ignite.configuration().getLocalEventListeners();
        if (listeners != null) {
            for (IgnitePredicate<? extends Event> l : listeners.keySet()) {
                if (l instanceof MajorityFence f) {
                    return f;
                }
            }
        }
        return (MajorityFence) ignite.cluster().nodeLocalMap().computeIfAbsent(NODE_LOCAL_KEY,
                k -> new MajorityFence(null));
    }

    @Override
    public boolean apply(Event event) {
        if (event instanceof DiscoveryEvent d && !d.eventNode().isClient()) {
            Object id = d.eventNode().consistentId();
            if (d.type() == EventType.EVT_NODE_LEFT) {
                left.add(id);
            } else {
                left.remove(id);
            }
            changes.incrementAndGet();
        }
        return true; // keep listening
    }

    /**
     * The fence's answer for the node's current topology and baseline. Asked on every call, so the answer is kept
     * while its inputs stay the same ({@link Answer}); the inputs are read before the topology and the baseline
     * the check uses, so a kept answer is never for older inputs than its key says (at worst newer ones, which only
     * means one more check).
     */
    public Status current(Ignite ignite) {
        try {
            long version = ignite.cluster().topologyVersion();
            Object baseline = baselineIdentity(ignite);
            long seen = changes.get();
            Answer answer = last;
            if (answer != null && answer.topologyVersion() == version && answer.baseline() == baseline
                    && answer.changes() == seen && baseline != NO_IDENTITY) {
                return answer.status();
            }
            Status status = check(ignite.cluster().currentBaselineTopology(), ignite.cluster().forServers().nodes());
            last = new Answer(version, baseline, seen, status);
            return status;
        } catch (RuntimeException e) {
            return new Status(true, 0, 0); // stopping or not started: the runtime refuses calls on its own then
        }
    }

    /**
     * The baseline object Ignite's cluster state holds now (null: none yet). Ignite replaces the immutable cluster
     * state, and with it this object, on every baseline change, so the same object means the same baseline.
     */
    private static Object baselineIdentity(Ignite ignite) {
        if (ignite instanceof IgniteEx ex) {
            return ex.context().state().clusterState().baselineTopology();
        }
        return NO_IDENTITY;
    }

    /**
     * The answer for a topology of {@code nodes} under {@code baseline} (null: none yet, as in a brand-new cluster:
     * nothing to protect). Moves the reference on to {@code baseline} if the nodes hold a majority of both.
     */
    synchronized Status check(Collection<? extends BaselineNode> baseline, Collection<ClusterNode> nodes) {
        if (baseline == null || baseline.isEmpty()) {
            return new Status(true, 0, 0);
        }
        Set<Object> alive = new HashSet<>();
        for (ClusterNode n : nodes) {
            if (!n.isClient()) {
                alive.add(n.consistentId());
            }
        }
        Set<Object> current = new HashSet<>();
        for (BaselineNode n : baseline) {
            current.add(n.consistentId());
        }
        boolean unsaved = false;
        if (reference == null) {
            Set<Object> stored = load();
            reference = stored != null ? stored : new HashSet<>(current);
            unsaved = stored == null; // a first reference is kept at once, not only once it changes
        }
        Set<Object> before = new HashSet<>(reference);
        reference.removeIf(id -> left.contains(id) && !alive.contains(id));
        current.removeIf(id -> left.contains(id) && !alive.contains(id));
        int reachable = count(reference, alive);
        boolean majority = 2 * reachable > reference.size();
        if (majority && 2 * count(current, alive) > current.size()) {
            reference = current;
            reachable = count(current, alive);
        }
        if (unsaved || !reference.equals(before)) {
            changes.incrementAndGet();
            save();
        }
        return new Status(majority, reachable, reference.size());
    }

    /**
     * The consistent ids the fence counts against now (the last baseline seen from a majority side); empty before
     * the first check or in a brand-new cluster.
     */
    public synchronized Set<Object> referenceIds() {
        return reference == null ? Set.of() : Set.copyOf(reference);
    }

    private Set<Object> load() {
        Set<String> stored = storedReference(file);
        return stored.isEmpty() ? null : new HashSet<>(stored);
    }

    /**
     * The reference a fence kept in {@code file}: the consistent ids of the last baseline seen from a majority side;
     * empty if there is none (no file, never activated, unreadable). Read before the node starts by those who must
     * know whether it was part of a cluster of several nodes.
     */
    public static Set<String> storedReference(Path file) {
        if (file == null || !Files.exists(file)) {
            return Set.of();
        }
        try {
            Set<String> ids = new HashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    ids.add(line.strip());
                }
            }
            return Set.copyOf(ids);
        } catch (IOException e) {
            LOG.warn("Majority reference {} unreadable; taking the current baseline: {}", file, e.toString());
            return Set.of();
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            StringBuilder text = new StringBuilder();
            reference.stream().map(String::valueOf).sorted().forEach(id -> text.append(id).append('\n'));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Majority reference {} not saved: {}", file, e.toString());
        }
    }

    private static int count(Set<Object> ids, Set<Object> alive) {
        int n = 0;
        for (Object id : ids) {
            if (alive.contains(id)) {
                n++;
            }
        }
        return n;
    }
}
