package io.botgrid.util;

import javax.cache.Cache;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers an Ignite continuous query the way every component that follows a cache from its start needs it: while
 * nodes join a new cluster together, Ignite may refuse the registration once with "Getting affinity for too old
 * topology version" (its affinity history skipped the version it mapped the query on). Left alone that failed the
 * node's start (seen when three nodes started at once); a few tries a moment apart get past it.
 */
public final class ContinuousQueries {
    private static final Logger LOG = LoggerFactory.getLogger(ContinuousQueries.class);
    private static final int ATTEMPTS = 5;

    private ContinuousQueries() {
    }

    /**
     * Registers {@code query} on {@code cache}, trying again up to {@value #ATTEMPTS} times, 200 ms × the try apart,
     * while Ignite refuses it for a topology change.
     *
     * @throws RuntimeException Ignite's failure, if it is another one or the last try failed too
     */
    public static <K, V> QueryCursor<Cache.Entry<K, V>> listen(IgniteCache<K, V> cache, ContinuousQuery<K, V> query) {
        for (int attempt = 1; ; attempt++) {
            try {
                return cache.query(query);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !String.valueOf(e.getMessage()).contains("too old topology version")) {
                    throw e;
                }
                LOG.info("Continuous query on {} refused during a topology change (try {}): {}", cache.getName(),
                        attempt, e.getMessage().lines().findFirst().orElse(""));
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
