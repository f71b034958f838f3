package io.botgrid.actor.internal;

import java.util.UUID;
import java.util.function.Predicate;
import org.apache.ignite.IgniteCache;

/**
 * The cluster-wide record of which activation of each actor is live: the guard behind "at most one activation",
 * and the keeper of each actor's owner epoch ({@link DirectoryEntry}).
 *
 * <p>Affinity alone names one owner per partition, but two nodes finish a topology change at slightly different
 * moments, so for a few milliseconds both may believe they own a partition. An activation therefore first claims
 * the actor's entry here with a compare-and-set; a new owner that finds the entry held by a live node waits until
 * that node has passivated the actor and released the entry. An entry held by a node that left the cluster (crash)
 * is taken over. Every claim raises the epoch by one in the same compare-and-set, and every append checks it
 * ({@link ReserveAppend}), so an activation that lost its claim without knowing it (a frozen or cut-off node) can
 * never write again.
 */
final class ActivationDirectory {
    /** Outcome of a claim: the epoch of the claiming activation, or {@link #BUSY}. */
    record Claim(long epoch) {
        static final Claim BUSY = new Claim(-1);

        boolean claimed() {
            return epoch >= 0;
        }
    }

    private final IgniteCache<String, String> cache;
    private final UUID localNode;
    private final Predicate<UUID> nodeAlive;

    ActivationDirectory(IgniteCache<String, String> cache, UUID localNode, Predicate<UUID> nodeAlive) {
        this.cache = cache;
        this.localNode = localNode;
        this.nodeAlive = nodeAlive;
    }

    /** Claims {@code actor} for the local activation number {@code activationNo}. Blocking. */
    Claim claim(String actor, long activationNo) {
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                String fresh = DirectoryEntry.held(localNode, activationNo, 1, 0).format();
                if (cache.putIfAbsent(actor, fresh)) {
                    return new Claim(1);
                }
                String current = cache.get(actor);
                if (current == null) {
                    continue;
                }
                DirectoryEntry entry = DirectoryEntry.parse(current);
                if (entry.isHeldBy(localNode, activationNo)) {
                    return new Claim(entry.epoch());
                }
                boolean stale = !entry.isHeld()
                        || (entry.holder().equals(localNode) ? entry.activationNo() != activationNo
                        : !nodeAlive.test(entry.holder()));
                if (!stale) {
                    return Claim.BUSY;
                }
                long epoch = entry.epoch() + 1;
                if (cache.replace(actor, current,
                        DirectoryEntry.held(localNode, activationNo, epoch, entry.lastSeq()).format())) {
                    return new Claim(epoch);
                }
            }
            return Claim.BUSY;
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(actor, "activation claim", e);
        }
    }

    /**
     * Sets the journal head to what recovery read ({@link AdoptHead}). Blocking. Returns null, or why the activation
     * is no longer the owner.
     */
    String adoptHead(String actor, long epoch, long seq) {
        try {
            return cache.invoke(actor, new AdoptHead(epoch, seq));
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(actor, "journal head update", e);
        }
    }

    /** Releases the claim, if it is still ours, keeping the epoch and head. Blocking. */
    void release(String actor, long activationNo) {
        String current = cache.get(actor);
        if (current == null) {
            return;
        }
        DirectoryEntry entry = DirectoryEntry.parse(current);
        if (entry.isHeldBy(localNode, activationNo)) {
            cache.replace(actor, current, entry.released().format());
        }
    }

    /** The actor's entry as stored, or null; for diagnostics and tests. */
    DirectoryEntry entry(String actor) {
        String current = cache.get(actor);
        return current == null ? null : DirectoryEntry.parse(current);
    }
}
