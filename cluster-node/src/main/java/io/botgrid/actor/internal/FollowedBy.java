package io.botgrid.actor.internal;

import java.util.UUID;
import javax.cache.event.CacheEntryEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CacheEntryEventSerializableFilter;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * The journal feed's remote filter: passes a journal write only if the feed's node follows its actor, as the writing
 * node's {@link FollowRegistry} knows. Without it, a node with any follow received every journal write of the
 * cluster; a write that does not pass costs the writer two map reads and is not sent (Ignite only counts it, so the
 * listening node's view of the partition's update counter has no gap).
 */
final class FollowedBy implements CacheEntryEventSerializableFilter<JournalKey, byte[]> {
    private static final long serialVersionUID = 1L;

    private final UUID listener;
    @IgniteInstanceResource
    private transient Ignite ignite;
    private transient FollowRegistry registry;

    FollowedBy(UUID listener) {
        this.listener = listener;
    }

    @Override
    public boolean evaluate(CacheEntryEvent<? extends JournalKey, ? extends byte[]> event) {
        FollowRegistry known = registry;
        if (known == null) {
            if (ignite == null) {
                return true; // not deployed by Ignite (no resources): send everything, as without a filter
            }
            known = FollowRegistry.of(ignite);
            registry = known;
        }
        return known.follows(listener, event.getKey().actor());
    }
}
