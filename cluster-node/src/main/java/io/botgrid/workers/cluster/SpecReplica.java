package io.botgrid.workers.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Replication of the worker specs (declared or removed at run time, or from a node's YAML) between regions. A
 * region ships every stored spec, tombstones included, to its standby; the standby keeps the one with the higher
 * version (so a spec shipped twice, late or out of order is written once and never goes back) apart from its own
 * specs, so that it runs none of the home region's workers; once promoted it adopts them and places them.
 */
public interface SpecReplica {

    /**
     * Standby side: keeps each spec that is newer than the one held.
     *
     * @throws IllegalArgumentException a spec has an empty id or bytes that are not a stored spec; nothing is kept
     */
    Applied apply(List<Spec> specs);

    /** Source side: every spec this region stores, tombstones included. */
    List<Spec> stored();

    /**
     * After a promotion: makes the specs kept from the home region this region's own, each where it is newer than
     * this region's, and places them.
     *
     * @return how many specs changed
     */
    int adopt();

    /** One spec as its region stores it: its id and a {@code botgrid.v1.StoredSpec}. */
    record Spec(String id, byte[] stored) {
        public Spec {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(stored, "stored");
        }
    }

    /** Specs kept now, and those held already at that version or a newer one. */
    record Applied(long written, long alreadyPresent) {
    }
}
