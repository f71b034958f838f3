package io.botgrid.actor.internal;

import java.io.Serializable;
import java.util.UUID;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CacheEntryEventSerializableFilter;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Passes the journal entries written on one node to a continuous query: evaluated where the entry is written, so
 * that a node's journal shipper hears of its own primary writes only, and nothing crosses the network. Why not a
 * local continuous query, which would do the same: its handler asserts, in Ignite's update counters, that no other
 * cache of its cache group is written ({@code CacheContinuousQueryHandler.skipUpdateCounter}), and the snapshots and
 * reminders share the journal's group: with assertions on, a snapshot write on a shipping node failed the node.
 */
final class WrittenOnNode implements CacheEntryEventSerializableFilter<JournalKey, byte[]> {
    private static final long serialVersionUID = 1L;
    private final UUID node;
    @IgniteInstanceResource
    private transient Ignite ignite;

    private WrittenOnNode(UUID node) {
        this.node = node;
    }

    /** A factory for {@code ContinuousQuery.setRemoteFilterFactory}, for the node {@code node}. */
    static Factory<CacheEntryEventFilter<JournalKey, byte[]>> factory(UUID node) {
        return new FilterFactory(node);
    }

    @Override
    public boolean evaluate(CacheEntryEvent<? extends JournalKey, ? extends byte[]> event) {
        Ignite here = ignite;
        // not injected (never seen): pass it; the shipper ships only what this node holds as primary anyway
        return here == null || node.equals(here.cluster().localNode().id());
    }

    private static final class FilterFactory implements Factory<CacheEntryEventFilter<JournalKey, byte[]>>,
            Serializable {
        private static final long serialVersionUID = 1L;
        private final UUID node;

        FilterFactory(UUID node) {
            this.node = node;
        }

        @Override
        public CacheEntryEventFilter<JournalKey, byte[]> create() {
            return new WrittenOnNode(node);
        }
    }
}
