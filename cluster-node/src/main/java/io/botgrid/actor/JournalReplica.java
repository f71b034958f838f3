package io.botgrid.actor;

import java.util.List;
import java.util.Objects;

/**
 * The standby side of replication between regions: writes journal records shipped from another region into this
 * cluster's journal. Why a write-if-absent of the records as they are, rather than calls to the actors: the standby
 * must end up with the same journal, sequence numbers, idempotency keys and replies included, so that after a
 * promotion an actor recovers here exactly as it was there, and a client's retried call (same idempotency key) gets
 * the same reply. A record already held is not written again, so shipping twice never duplicates.
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

    /** One journal record: the actor ({@code type/key}), its sequence number and the stored bytes. */
    record Record(String actor, long seq, byte[] bytes) {
        public Record {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * What a batch did: records written, records held already with the same bytes, and records held with other
     * bytes (this cluster wrote that sequence number itself; left as it is).
     */
    record Applied(long written, long alreadyPresent, long conflicts) {
    }
}
