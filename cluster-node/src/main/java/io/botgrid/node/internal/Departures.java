package io.botgrid.node.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;

/**
 * When this node first saw each other server node go offline, by consistent id: Ignite knows which baseline nodes
 * are missing but not since when, and an operator looking at a dead node wants to know how long it has been down.
 * Fed by the discovery events of the local node (registered by {@link IgniteSetup} before Ignite starts, so no
 * departure is missed); a node that comes back is forgotten. In memory only: a restarted node starts afresh and
 * dates a node that was already gone by the first time it is asked about it.
 */
public final class Departures implements IgnitePredicate<Event> {
    private static final long serialVersionUID = 1L;
    /** The discovery events this record listens to. */
    static final int[] EVENTS = {EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED};

    private final transient Map<String, Instant> since = new ConcurrentHashMap<>();
    private final transient Clock clock;

    public Departures(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean apply(Event event) {
        if (event instanceof DiscoveryEvent d && !d.eventNode().isClient()) {
            String id = String.valueOf(d.eventNode().consistentId());
            if (d.type() == EventType.EVT_NODE_JOINED) {
                since.remove(id);
            } else {
                since.putIfAbsent(id, Instant.ofEpochMilli(d.timestamp()));
            }
        }
        return true; // keep listening
    }

    /** When the node was first seen offline; now, recorded, if this node never saw it leave (it was gone before). */
    public Instant offlineSince(String consistentId) {
        return since.computeIfAbsent(consistentId, id -> clock.instant());
    }
}
