package io.botgrid.actor.internal;

import java.io.Serializable;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import org.apache.ignite.cache.CacheEntryEventSerializableFilter;

/**
 * Passes the journal entries of one actor to a continuous query: evaluated on the node where the entry is written,
 * so that followers of one actor are not sent every actor's events.
 */
public final class JournalFilter implements CacheEntryEventSerializableFilter<JournalKey, byte[]> {
    private static final long serialVersionUID = 1L;
    private final String actor;

    private JournalFilter(String actor) {
        this.actor = actor;
    }

    /** A factory for {@code ContinuousQuery.setRemoteFilterFactory}, for the actor named by {@code actor}. */
    public static Factory<CacheEntryEventFilter<JournalKey, byte[]>> forActor(String actor) {
        return new FilterFactory(actor);
    }

    @Override
    public boolean evaluate(CacheEntryEvent<? extends JournalKey, ? extends byte[]> event) {
        return actor.equals(event.getKey().actor());
    }

    private static final class FilterFactory implements Factory<CacheEntryEventFilter<JournalKey, byte[]>>,
            Serializable {
        private static final long serialVersionUID = 1L;
        private final String actor;

        FilterFactory(String actor) {
            this.actor = actor;
        }

        @Override
        public CacheEntryEventFilter<JournalKey, byte[]> create() {
            return new JournalFilter(actor);
        }
    }
}
