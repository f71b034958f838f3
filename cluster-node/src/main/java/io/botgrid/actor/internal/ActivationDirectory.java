package io.botgrid.actor.internal;

import java.util.UUID;
import java.util.function.Predicate;
import org.apache.ignite.IgniteCache;

/**
 * The cluster-wide record of which activation of each actor is live: the guard behind "at most one activation".
 *
 * <p>Affinity alone names one owner per partition, but two nodes finish a topology change at slightly different
 * moments, so for a few milliseconds both may believe they own a partition. An activation therefore first claims
 * the actor's entry here with a compare-and-set; a new owner that finds the entry held by a live node waits until
 * that node has passivated the actor and released the entry. An entry held by a node that left the cluster (crash)
 * is taken over.
 */
final class ActivationDirectory {
    /** Outcome of a claim. */
    enum Claim { CLAIMED, BUSY }

    private final IgniteCache<String, String> cache;
    private final UUID localNode;
    private final Predicate<UUID> nodeAlive;

    ActivationDirectory(IgniteCache<String, String> cache, UUID localNode, Predicate<UUID> nodeAlive) {
        this.cache = cache;
        this.localNode = localNode;
        this.nodeAlive = nodeAlive;
    }

    private String entry(long activationNo) {
        return localNode + "#" + activationNo;
    }

    /** Claims {@code actor} for the local activation number {@code activationNo}. Blocking. */
    Claim claim(String actor, long activationNo) {
        String mine = entry(activationNo);
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                if (cache.putIfAbsent(actor, mine)) {
                    return Claim.CLAIMED;
                }
                String current = cache.get(actor);
                if (current == null) {
                    continue;
                }
                int hash = current.indexOf('#');
                UUID holder = UUID.fromString(current.substring(0, hash));
                boolean stale = holder.equals(localNode)
                        ? Long.parseLong(current.substring(hash + 1)) != activationNo
                        : !nodeAlive.test(holder);
                if (!stale) {
                    return holder.equals(localNode) ? Claim.CLAIMED : Claim.BUSY;
                }
                if (cache.replace(actor, current, mine)) {
                    return Claim.CLAIMED;
                }
            }
            return Claim.BUSY;
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(actor, "activation claim", e);
        }
    }

    /** Releases the claim, if it is still ours. Blocking. */
    void release(String actor, long activationNo) {
        cache.remove(actor, entry(activationNo));
    }
}
