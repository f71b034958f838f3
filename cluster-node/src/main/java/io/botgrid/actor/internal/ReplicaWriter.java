package io.botgrid.actor.internal;

import io.botgrid.actor.ClusterUnavailableException;
import io.botgrid.actor.JournalReplica;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.proto.v1.SnapshotRecord;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

/**
 * {@link JournalReplica} on this cluster's journal cache: checks the whole batch, reads which records are held
 * already, and writes the others in one {@code putAll}. Recovery finds an actor's head by reading its journal up to
 * the first gap (and adopts it into the directory), so a standby needs no directory entries; snapshots are kept
 * (the newest, and only with the journal record they were taken at) so that recovery after a promotion reads only
 * the journal after them. An actor that has a directory entry (this region served it) gets its head moved on and,
 * if an activation holds it, released ({@link ReplicatedHead}). A record held with other bytes was written here and
 * never shipped: the shipped one replaces it, and the local history from there on is moved aside
 * ({@link Divergence}).
 */
public final class ReplicaWriter implements JournalReplica {
    private final Ignite ignite;
    private final Divergence divergence;

    public ReplicaWriter(Ignite ignite, Divergence divergence) {
        this.ignite = ignite;
        this.divergence = divergence;
    }

    @Override
    public SnapshotsApplied applySnapshots(List<Snapshot> snapshots) {
        for (Snapshot s : snapshots) {
            if (s.actor().isEmpty() || s.actor().indexOf('/') <= 0) {
                throw new IllegalArgumentException("replicated snapshot has no actor 'type/key': '" + s.actor()
                        + "'");
            }
        }
        IgniteCache<String, byte[]> cache = Stores.snapshots(ignite);
        IgniteCache<JournalKey, byte[]> journal = Stores.journal(ignite);
        long written = 0;
        try {
            for (Snapshot s : snapshots) {
                if (s.seq() >= 1 && journal.containsKey(new JournalKey(s.actor(), s.seq()))
                        && writeIfNewer(cache, s)) {
                    written++;
                }
            }
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the snapshots cannot take replicated ones now: " + e.getMessage(),
                    e);
        }
        return new SnapshotsApplied(written, snapshots.size() - written);
    }

    /** Writes the snapshot unless one taken at the same or a later sequence number is held; whether it wrote. */
    private static boolean writeIfNewer(IgniteCache<String, byte[]> cache, Snapshot s) {
        while (true) {
            byte[] old = cache.get(s.actor());
            if (old != null && seqOf(old) >= s.seq()) {
                return false;
            }
            if (old == null ? cache.putIfAbsent(s.actor(), s.bytes()) : cache.replace(s.actor(), old, s.bytes())) {
                return true;
            }
        }
    }

    private static long seqOf(byte[] snapshot) {
        try {
            return SnapshotRecord.parseFrom(snapshot).getSeq();
        } catch (InvalidProtocolBufferException e) {
            return 0; // unreadable: recovery ignores it, a shipped one replaces it
        }
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
            Map<String, Long> divergedFrom = new HashMap<>();
            Map<String, Long> heads = new HashMap<>();
            long same = 0;
            long conflicts = 0;
            for (Map.Entry<JournalKey, byte[]> e : batch.entrySet()) {
                byte[] mine = held.get(e.getKey());
                if (mine != null && Arrays.equals(mine, e.getValue())) {
                    same++;
                    continue;
                }
                if (mine != null) {
                    conflicts++;
                    divergedFrom.merge(e.getKey().actor(), e.getKey().seq(), Math::min);
                }
                fresh.put(e.getKey(), e.getValue());
                heads.merge(e.getKey().actor(), e.getKey().seq(), Math::max);
            }
            // a record that differs starts this region's own history: it and every later one leave the journal
            divergedFrom.forEach((actor, from) -> divergence.moveAside(actor, from, sourceRegion));
            if (!fresh.isEmpty()) {
                journal.putAll(fresh);
                Map<String, ReplicatedHead> fences = new HashMap<>();
                heads.forEach((actor, head) -> fences.put(actor, new ReplicatedHead(head, false)));
                Stores.directory(ignite).invokeAll(fences);
            }
            return new Applied(fresh.size() - conflicts, same, conflicts);
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the journal cannot take replicated records now: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public List<Head> heads(List<Head> probes) {
        for (Head p : probes) {
            if (p.actor().isEmpty() || p.seq() < 1) {
                throw new IllegalArgumentException("journal head probe needs an actor 'type/key' and a sequence "
                        + "number of 1 or more, got '" + p.actor() + "'#" + p.seq());
            }
        }
        try {
            return JournalHeads.of(Stores.journal(ignite), Stores.directory(ignite), probes);
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the journal cannot be read now: " + e.getMessage(), e);
        }
    }
}
