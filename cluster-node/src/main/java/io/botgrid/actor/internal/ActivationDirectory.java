package io.botgrid.actor.internal;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.ignite.IgniteCache;

/**
 * The cluster-wide record of which activation of each actor is live: the guard behind "at most one activation",
 * and the keeper of each actor's owner epoch ({@link DirectoryEntry}).
 *
 * <p>Affinity alone names one owner per partition, but two nodes finish a topology change at slightly different
 * moments, so for a few milliseconds both may believe they own a partition. An activation therefore first claims
 * the actor's entry here, atomically on the entry ({@link ClaimEntry}); a new owner that finds the entry held by a
 * live node waits until that node has passivated the actor and released the entry. An entry held by a node that
 * left the cluster (crash) is taken over. Every claim raises the epoch by one in the same step, and every append
 * checks it ({@link ReserveAppend}), so an activation that lost its claim without knowing it (a frozen or cut-off
 * node) can never write again.
 */
final class ActivationDirectory {
    /**
     * Outcome of a claim: the epoch of the claiming activation and the journal head its entry carried when claimed, or
     * {@link #BUSY}.
     */
    record Claim(long epoch, long head) {
        static final Claim BUSY = new Claim(-1, -1);

        boolean claimed() {
            return epoch >= 0;
        }
    }

    private final IgniteCache<String, String> cache;
    private final UUID localNode;
    private final Supplier<UUID[]> aliveNodes;

    /**
     * @param aliveNodes the ids of the nodes the caller sees in the cluster now: an entry held by any other node is
     *                   taken over
     */
    ActivationDirectory(IgniteCache<String, String> cache, UUID localNode, Supplier<UUID[]> aliveNodes) {
        this.cache = cache;
        this.localNode = localNode;
        this.aliveNodes = aliveNodes;
    }

    /** Claims {@code actor} for the local activation number {@code activationNo} ({@link ClaimEntry}). Blocking. */
    Claim claim(String actor, long activationNo) {
        String claimed;
        try {
            claimed = cache.invoke(actor, new ClaimEntry(localNode, activationNo, aliveNodes.get()));
        } catch (RuntimeException e) {
            throw StorageErrors.journalError(actor, "activation claim", e);
        }
        return claimOf(claimed);
    }

    /**
     * {@link #claim}, without holding a thread while the entry's primary and backups answer. The future completes in
     * the Ignite thread that received the answer (the node runs future listeners there): whoever continues must hand
     * blocking work to its own executor. It fails with the {@link io.botgrid.actor.ActorException} {@link #claim}
     * would throw.
     */
    CompletableFuture<Claim> claimAsync(String actor, long activationNo) {
        CompletableFuture<Claim> result = new CompletableFuture<>();
        try {
            cache.invokeAsync(actor, new ClaimEntry(localNode, activationNo, aliveNodes.get())).listen(f -> {
                try {
                    result.complete(claimOf(f.get()));
                } catch (RuntimeException e) {
                    result.completeExceptionally(StorageErrors.journalError(actor, "activation claim", e));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(StorageErrors.journalError(actor, "activation claim", e));
        }
        return result;
    }

    private static Claim claimOf(String claimed) {
        if (claimed == null) {
            return Claim.BUSY;
        }
        DirectoryEntry entry = DirectoryEntry.parse(claimed);
        return new Claim(entry.epoch(), entry.lastSeq());
    }

    /**
     * Sets the journal head to what recovery read ({@link AdoptHead}), without holding a thread while the entry's
     * primary and backups answer: completes on {@code executor} ({@link OnExecutor}) with null, or why the activation
     * is no longer the owner; fails with an {@link io.botgrid.actor.ActorException}, or with the executor's refusal if
     * the node is stopping.
     */
    CompletableFuture<String> adoptHeadAsync(String actor, long epoch, long seq, Executor executor) {
        return OnExecutor.of(() -> cache.invokeAsync(actor, new AdoptHead(epoch, seq)), executor,
                e -> StorageErrors.journalError(actor, "journal head update", e));
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
