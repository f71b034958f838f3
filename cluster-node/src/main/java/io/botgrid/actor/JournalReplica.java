package io.botgrid.actor;

import java.util.List;
import java.util.Objects;

/**
 * The standby side of replication between regions: writes journal records shipped from another region into this
 * cluster's journal. Why a write-if-absent of the records as they are, rather than calls to the actors: the standby
 * must end up with the same journal, sequence numbers, idempotency keys and replies included, so that after a
 * promotion an actor recovers here exactly as it was there, and a client's retried call (same idempotency key) gets
 * the same reply. A record already held is not written again, so shipping twice never duplicates; a record held with
 * other bytes was written by this region while it was the home and never shipped, and the shipped one replaces it
 * (the shipping region was promoted over this one: its journal is the truth; see {@code Divergence}).
 */
public interface JournalReplica {

    /**
     * Writes the records this cluster does not hold yet; {@code records} may be empty (a source's probe of whether it
     * is fenced).
     *
     * @param sourceRegion the region shipping them
     * @throws IllegalArgumentException a record is malformed (empty actor, sequence number below 1, bytes that are not
     *     a journal record of that sequence number); nothing of the batch is written
     * @throws ClusterUnavailableException the journal cannot be written now
     * @throws ReplicationRefusedException this region was promoted over {@code sourceRegion}
     */
    Applied apply(String sourceRegion, List<Record> records);

    /**
     * Keeps each actor's snapshot if it is newer than the one held and this cluster holds the journal record it was
     * taken at (the source ships a snapshot only after the records it covers).
     *
     * @throws IllegalArgumentException a snapshot is malformed (empty actor, bytes that are not a snapshot); nothing
     *     is kept
     * @throws ClusterUnavailableException the snapshots cannot be written now
     */
    SnapshotsApplied applySnapshots(List<Snapshot> snapshots);

    /** An actor's snapshot, as stored ({@code botgrid.v1.SnapshotRecord}), with the sequence number it was taken at. */
    record Snapshot(String actor, long seq, byte[] bytes) {
        public Snapshot {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** Snapshots kept, and those not (an equal or newer one held, or the journal record missing). */
    record SnapshotsApplied(long written, long skipped) {
    }

    /**
     * For each probe, the highest sequence number up to the probe's that this cluster holds for the actor (0: none),
     * in the probes' order: what a demoted region asks of the region it re-synchronises from.
     *
     * @throws IllegalArgumentException a probe with an empty actor or a sequence number below 1
     * @throws ClusterUnavailableException the journal cannot be read now
     */
    List<Head> heads(List<Head> probes);

    /** An actor ({@code type/key}) and a sequence number of its journal. */
    record Head(String actor, long seq) {
        public Head {
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** One journal record: the actor ({@code type/key}), its sequence number and the stored bytes. */
    record Record(String actor, long seq, byte[] bytes) {
        public Record {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * What a batch did: records written, records held already with the same bytes, and records held with other
     * bytes (this cluster wrote that sequence number itself and never shipped it; replaced, the local one and its
     * successors moved aside).
     */
    record Applied(long written, long alreadyPresent, long conflicts) {
    }
}
