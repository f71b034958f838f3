package io.botgrid.actor.internal;

import io.botgrid.actor.ClusterUnavailableException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a journal append that Ignite completed may be acknowledged: only if it is known to be on the
 * majority side.
 *
 * <p>Why Ignite's completion is not enough: an atomic {@code FULL_SYNC} update waits for the backups' answers, but a
 * backup that leaves the topology (as a node cut off by a network split does, once failure detection declares it
 * failed) is simply no longer waited for, and the update completes on the primary alone. On a node cut off from the
 * majority that is exactly the window before its topology validator fences the caches: the write completes there,
 * while the majority, which never received it, re-activates the actor and writes the same sequence number again.
 *
 * <p>Ignite applies the new topology (its discovery snapshot) before it tells pending updates that a node left, so an
 * update that completed because a node left always completes after the topology changed. The guard therefore
 * notes the topology version when the append starts and, when it completed, lets it through only if no server node of
 * that topology has gone since and this node's side still holds a majority ({@link MajorityFence}). Otherwise the
 * caller gets {@code UNAVAILABLE}: the write may or may not be in the journal (an unacknowledged write is allowed to
 * be either), and the activation starts over from the journal. Nodes that join meanwhile do not matter: they held no
 * copy the append waited for.
 *
 * <p>That topology check alone proved not enough: an update can also complete without its backup before the
 * topology changes (Ignite's communication layer gives up on the backup before discovery drops it). So before the
 * check, a completed append waits for a {@link MajorityPing} round started after it completed: only a node that a
 * majority still answers acknowledges.
 */
final class AckGuard {
    private static final Logger LOG = LoggerFactory.getLogger(AckGuard.class);

    private final LongSupplier topologyVersion;
    /** The server nodes of a topology version (node id to consistent id); null or an exception if unknown. */
    private final LongFunction<Map<UUID, Object>> serversAt;
    private final BooleanSupplier inMajority;
    /** A round of pings started after the call, answered (true) or not (false) by a majority. */
    private final Supplier<CompletableFuture<Boolean>> majorityAnswers;

    AckGuard(LongSupplier topologyVersion, LongFunction<Map<UUID, Object>> serversAt, BooleanSupplier inMajority,
             Supplier<CompletableFuture<Boolean>> majorityAnswers) {
        this.topologyVersion = topologyVersion;
        this.serversAt = serversAt;
        this.inMajority = inMajority;
        this.majorityAnswers = majorityAnswers;
    }

    /** The guard of a running node: its discovery topology, its {@link MajorityFence} and its {@code ping}. */
    static AckGuard of(Ignite ignite, MajorityPing ping) {
        MajorityFence fence = MajorityFence.of(ignite);
        return new AckGuard(() -> ignite.cluster().topologyVersion(), v -> servers(ignite.cluster().topology(v)),
                () -> fence.current(ignite).inMajority(), ping::confirm);
    }

    /**
     * Completes with null if appends that started at topology {@code opened} and have just completed may be
     * acknowledged, else with why not (for {@link #refusal}): after a majority answered a ping sent from now on,
     * the {@link #why} check.
     */
    CompletableFuture<String> verdict(long opened) {
        return majorityAnswers.get().handle((answered, error) -> Boolean.TRUE.equals(answered) ? why(opened)
                : "no majority of the cluster answered this node after it was written");
    }

    private static Map<UUID, Object> servers(Collection<ClusterNode> nodes) {
        if (nodes == null) {
            return null;
        }
        Map<UUID, Object> servers = new HashMap<>();
        for (ClusterNode n : nodes) {
            if (!n.isClient()) {
                servers.put(n.id(), n.consistentId());
            }
        }
        return servers;
    }

    /** Notes the topology an append starts in; pass the result to {@link #why}. */
    long open() {
        return topologyVersion.getAsLong();
    }

    /**
     * Null if appends that started at topology {@code opened} and have just completed may be acknowledged, else why
     * not (for {@link #refusal}).
     */
    String why(long opened) {
        long now = topologyVersion.getAsLong();
        if (now == opened) {
            // The common case, and cheap: the side can only have lost its majority through a topology change (and a
            // side that had none at the start had its write refused by the caches' topology validator).
            return null;
        }
        Set<Object> gone = departedSince(opened);
        if (gone == null || !gone.isEmpty()) {
            return "server nodes " + (gone == null ? "(unknown)" : gone) + " left the topology while it was "
                    + "written (version " + opened + " to " + now + ")";
        }
        return inMajority.getAsBoolean() ? null : "this node lost its majority while it was written";
    }

    /** The error an append of {@code actor} from {@code firstSeq} completes with instead of its acknowledgement. */
    static ClusterUnavailableException refusal(String why, String actor, long firstSeq) {
        return new ClusterUnavailableException("the append of " + actor + " from #" + firstSeq + " completed after "
                + why + ", so it is not known to be on a majority of the cluster: not acknowledged (it may or may "
                + "not be in the journal); retry");
    }

    /** Logs that {@code appends} appends were not acknowledged, and why. */
    static void logRefused(int appends, String firstActor, String why) {
        LOG.warn("{} append(s) (the first of {}) not acknowledged: {}; they may be on this side only", appends,
                firstActor, why);
    }

    /** Server nodes of topology {@code version} that are no longer in the current one; null if unknown. */
    private Set<Object> departedSince(long version) {
        Map<UUID, Object> then;
        Map<UUID, Object> now;
        try {
            then = serversAt.apply(version);
            now = serversAt.apply(topologyVersion.getAsLong());
        } catch (RuntimeException e) {
            return null; // history no longer kept, or the node is stopping
        }
        if (then == null || now == null) {
            return null;
        }
        Set<Object> gone = new TreeSet<>(Comparator.comparing(String::valueOf));
        then.forEach((id, name) -> {
            if (!now.containsKey(id)) {
                gone.add(name);
            }
        });
        return gone;
    }
}
