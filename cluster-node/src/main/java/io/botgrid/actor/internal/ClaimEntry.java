package io.botgrid.actor.internal;

import java.util.Arrays;
import java.util.UUID;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * The claim of an actor's directory entry in one entry processor, so a claim is one round trip to the entry's
 * primary whatever the entry holds (a put-if-absent, then a read and a compare-and-set, took three for an actor that
 * was active before). Under the entry's lock it decides as the compare-and-set loop did:
 * <ul>
 *   <li>no entry: a fresh one, held by the claimer, epoch 1, head 0;</li>
 *   <li>held by the claimer's own activation: it stays, with its epoch (a repeated claim);</li>
 *   <li>released, held by an earlier activation of the claimer's node (that one is closed: a node has at most one
 *       activation per actor) or by a node not among {@code aliveNodes}: taken over with the epoch raised by one
 *       and the head kept;</li>
 *   <li>held by another live node: unchanged, and the claim is refused.</li>
 * </ul>
 * The live nodes are the claimer's view of the topology, handed in, so that the decision is the one the claimer
 * would make (and the processor stays a pure function of the entry and its arguments).
 *
 * <p>Returns the entry as it stands after a successful claim ({@link DirectoryEntry#format()}), or null when the
 * actor is busy elsewhere.
 */
public final class ClaimEntry implements CacheEntryProcessor<String, String, String> {
    private static final long serialVersionUID = 1L;

    private final UUID node;
    private final long activationNo;
    private final UUID[] aliveNodes;

    public ClaimEntry(UUID node, long activationNo, UUID[] aliveNodes) {
        this.node = node;
        this.activationNo = activationNo;
        this.aliveNodes = aliveNodes.clone();
    }

    @Override
    public String process(MutableEntry<String, String> entry, Object... arguments) {
        if (!entry.exists()) {
            String fresh = DirectoryEntry.held(node, activationNo, 1, 0).format();
            entry.setValue(fresh);
            return fresh;
        }
        String stored = entry.getValue();
        DirectoryEntry current = DirectoryEntry.parse(stored);
        if (current.isHeldBy(node, activationNo)) {
            return stored;
        }
        boolean stale = !current.isHeld()
                || (current.holder().equals(node) ? current.activationNo() != activationNo : !alive(current.holder()));
        if (!stale) {
            return null;
        }
        String claimed = DirectoryEntry.held(node, activationNo, current.epoch() + 1, current.lastSeq()).format();
        entry.setValue(claimed);
        return claimed;
    }

    private boolean alive(UUID holder) {
        return Arrays.asList(aliveNodes).contains(holder);
    }
}
