package io.botgrid.actor;

import java.util.List;

/**
 * The source side's way to its standby region: ships a batch of journal records and returns once the standby has
 * written them (or held them already). A port, so that the runtime's shipper knows nothing of gRPC; the node gives
 * it a link over the standby's gRPC front.
 */
public interface ReplicationLink extends AutoCloseable {

    /**
     * Ships the records; blocks until the standby answered.
     *
     * @throws ReplicationRefusedException the standby was promoted over this region: stop shipping and writing
     * @throws RuntimeException the standby did not take them (unreachable, refused): the shipper retries later
     */
    JournalReplica.Applied ship(List<JournalReplica.Record> records);

    /**
     * Ships the records, then the snapshots (each covered by records the standby holds once these are written);
     * blocks until the standby answered. Throws as {@link #ship(List)} does.
     */
    JournalReplica.Applied ship(List<JournalReplica.Record> records, List<JournalReplica.Snapshot> snapshots);

    /**
     * Asks the region at the other end for its journal heads ({@link JournalReplica#heads}): the re-synchronisation
     * of a demoted region, whose link points at the region promoted over it. Blocks until it answered.
     *
     * @throws RuntimeException it did not answer: ask again later
     */
    Heads heads(List<JournalReplica.Head> probes);

    /** The answering region and its heads, in the probes' order. */
    record Heads(String region, List<JournalReplica.Head> heads) {
    }

    @Override
    void close();
}
