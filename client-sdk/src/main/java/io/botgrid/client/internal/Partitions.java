package io.botgrid.client.internal;

/**
 * The partition of an actor, computed on the client exactly as the cluster's affinity function computes it, so that
 * the SDK can pick the owner's node from the partition map without asking per call.
 *
 * <p>The cluster places an actor by the string {@code "<type>/<key>"} with Ignite's rendezvous affinity function.
 * Its documented rule for a key: take the key's Java {@code hashCode()}; when the partition count is a power of two,
 * spread the high half of the hash into the low half ({@code h ^ (h >>> 16)}) and keep the low bits with a mask;
 * otherwise take the remainder of the hash by the partition count, made non-negative. A cluster test compares this
 * with the cluster's own answer for many keys, so a change on the cluster's side shows at once.
 */
public final class Partitions {
    private Partitions() {
    }

    /** The partition of actor {@code type}/{@code key} among {@code partitions} (at least 1). */
    public static int of(String type, String key, int partitions) {
        return ofKey(type + '/' + key, partitions);
    }

    /** The partition of an affinity key string among {@code partitions} (at least 1). */
    public static int ofKey(String affinityKey, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        int hash = affinityKey.hashCode();
        if ((partitions & (partitions - 1)) == 0) {
            return (hash ^ (hash >>> 16)) & (partitions - 1);
        }
        return Math.abs(hash % partitions);
    }
}
