package io.botgrid.actor.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;

/**
 * Which actors each node of the cluster follows, as this node has been told ({@link FollowUpdate}): the journal
 * feed's remote filter ({@link FollowedBy}) asks it on every journal write this node makes, as primary or backup, so
 * that a write is sent only to the nodes that follow its actor. One per Ignite node, in its node-local map; a node's
 * entries go when it leaves (a node that comes back has a new id and announces its follows again).
 */
final class FollowRegistry {
    private static final String KEY = "botgrid.follow-registry";

    private final Map<UUID, Set<String>> byNode = new ConcurrentHashMap<>();

    private FollowRegistry() {
    }

    /** The registry of {@code ignite}, made (with its listener for leaving nodes) on first use. */
    static FollowRegistry of(Ignite ignite) {
        Map<String, Object> local = ignite.cluster().nodeLocalMap();
        return (FollowRegistry) local.computeIfAbsent(KEY, k -> {
            FollowRegistry made = new FollowRegistry();
            ignite.events().localListen(event -> {
                made.byNode.remove(((DiscoveryEvent) event).eventNode().id());
                return true;
            }, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
            return made;
        });
    }

    /** Whether node {@code node} has said it follows {@code actor}; called per journal write, so two map reads. */
    boolean follows(UUID node, String actor) {
        Set<String> actors = byNode.get(node);
        return actors != null && actors.contains(actor);
    }

    /** Adds inside the map's compute, so a concurrent removal of the node's last actor cannot drop the set. */
    void add(UUID node, Collection<String> actors) {
        byNode.compute(node, (n, set) -> {
            Set<String> to = set == null ? ConcurrentHashMap.newKeySet() : set;
            to.addAll(actors);
            return to;
        });
    }

    void remove(UUID node, Collection<String> actors) {
        byNode.computeIfPresent(node, (n, set) -> {
            set.removeAll(actors);
            return set.isEmpty() ? null : set;
        });
    }
}
