package io.botgrid.actor.internal;

import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.JournalReplica;
import io.botgrid.proto.v1.JournalRecord;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JournalReplica} on this cluster's journal cache: checks the whole batch, reads which records are held
 * already, and writes the others in one {@code putAll}. Only journal records are written: recovery finds an actor's
 * head by reading its journal up to the first gap (and adopts it into the directory), so a standby needs neither
 * directory entries nor snapshots to recover an actor after a promotion.
 */
public final class ReplicaWriter implements JournalReplica {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaWriter.class);

    private final Ignite ignite;

    public ReplicaWriter(Ignite ignite) {
        this.ignite = ignite;
    }

    @Override
    public Applied apply(String sourceRegion, List<Record> records) {
        Map<JournalKey, byte[]> batch = new LinkedHashMap<>();
        for (Record r : records) {
            if (r.actor().isEmpty() || r.actor().indexOf('/') <= 0) {
                throw new IllegalArgumentException("replicated record has no actor 'type/key': '" + r.actor() + "'");
            }
            if (r.seq() < 1) {
                throw new IllegalArgumentException("replicated record of " + r.actor() + " has sequence number "
                        + r.seq() + ", expected 1 or more");
            }
            long stored;
            try {
                stored = JournalRecord.parseFrom(r.bytes()).getSeq();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("replicated record " + r.actor() + "#" + r.seq()
                        + " is not a journal record: " + e.getMessage(), e);
            }
            if (stored != r.seq()) {
                throw new IllegalArgumentException("replicated record " + r.actor() + "#" + r.seq()
                        + " holds sequence number " + stored);
            }
            batch.put(new JournalKey(r.actor(), r.seq()), r.bytes());
        }
        if (batch.isEmpty()) {
            return new Applied(0, 0, 0);
        }
        IgniteCache<JournalKey, byte[]> journal = Stores.journal(ignite);
        try {
            Map<JournalKey, byte[]> held = journal.getAll(batch.keySet());
            Map<JournalKey, byte[]> fresh = new HashMap<>();
            long same = 0;
            long conflicts = 0;
            for (Map.Entry<JournalKey, byte[]> e : batch.entrySet()) {
                byte[] mine = held.get(e.getKey());
                if (mine == null) {
                    fresh.put(e.getKey(), e.getValue());
                } else if (Arrays.equals(mine, e.getValue())) {
                    same++;
                } else {
                    conflicts++;
                    LOG.error("Replicated record {} differs from the one this region holds: this region wrote it "
                            + "itself; kept this region's", e.getKey());
                }
            }
            if (!fresh.isEmpty()) {
                journal.putAll(fresh);
            }
            return new Applied(fresh.size(), same, conflicts);
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the journal cannot take replicated records now: " + e.getMessage(),
                    e);
        }
    }
}
