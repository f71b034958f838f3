package io.botgrid.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.internal.AppendIfAbsent;
import io.botgrid.actor.internal.FencedAppend;
import io.botgrid.actor.internal.JournalKey;
import io.botgrid.actor.internal.ReserveAppend;
import io.botgrid.actor.internal.Stores;
import io.botgrid.node.NodeConfig;
import io.botgrid.proto.v1.SnapshotRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.affinity.Affinity;

/**
 * The one place the bench reaches into the runtime's internals ({@code io.botgrid.actor.internal}): the transport
 * setting of a node, and the caches behind the journal and the snapshot store, which the bench reads to check
 * partitions, count journal entries and wait for a snapshot, and the journal's write path for {@link JournalWriteBench}.
 * When the public API offers these, only this class changes.
 */
final class BenchInternals {
    private BenchInternals() {
    }

    /** Sets the node's remote transport. */
    static NodeConfig.Builder transport(NodeConfig.Builder builder, Transport transport) {
        return builder.transport(io.botgrid.actor.Transport.valueOf(transport.name()));
    }

    /** The partition map of the actor journal (the cache every actor's events go to). */
    static Affinity<Object> journalAffinity(Ignite ignite) {
        return ignite.affinity(Stores.JOURNAL);
    }

    /** Journal entries on their primary nodes, i.e. events stored in the cluster. */
    static long journalEntries(Ignite ignite) {
        return ignite.cache(Stores.JOURNAL).sizeLong(CachePeekMode.PRIMARY);
    }

    /** Sequence number of the stored snapshot of {@code id}, or -1 if it has none. */
    static long snapshotSeq(Ignite ignite, ActorId id) throws InvalidProtocolBufferException {
        byte[] bytes = ignite.<String, byte[]>cache(Stores.SNAPSHOTS).get(id.asString());
        return bytes == null ? -1 : SnapshotRecord.parseFrom(bytes).getSeq();
    }

    /** The journal's append fence ({@link ReserveAppend}, one event) run on {@code entry}, for {@link DirectoryFenceBench}. */
    static String reserveAppend(MutableEntry<String, String> entry, long epoch, long expectedSeq) {
        return new ReserveAppend(epoch, expectedSeq, 1).process(entry);
    }

    /** A journal batch of {@code batch} actors (one event each), written the current way or the replaced one. */
    static JournalWrites journalWrites(Ignite ignite, int batch) {
        return new JournalWrites(Stores.journal(ignite), Stores.directory(ignite), batch);
    }

    /** The two ways of writing one group-committed batch, for {@link JournalWriteBench}. */
    static final class JournalWrites {
        private static final long EPOCH = 1;
        private final IgniteCache<JournalKey, byte[]> journal;
        private final IgniteCache<String, String> directory;
        private final String[] fusedActors;
        private final String[] reservedActors;
        private final byte[] event = new byte[100];

        JournalWrites(IgniteCache<JournalKey, byte[]> journal, IgniteCache<String, String> directory, int batch) {
            this.journal = journal;
            this.directory = directory;
            fusedActors = new String[batch];
            reservedActors = new String[batch];
            String holder = UUID.randomUUID().toString();
            for (int i = 0; i < batch; i++) {
                fusedActors[i] = "jmh/fused-" + i;
                reservedActors[i] = "jmh/reserved-" + i;
                // The directory entry's stored form: holder#activationNo#epoch#journalHead.
                directory.put(fusedActors[i], holder + "#1#" + EPOCH + "#0");
                directory.put(reservedActors[i], holder + "#1#" + EPOCH + "#0");
            }
        }

        /** Now: one {@code invokeAll} of {@link FencedAppend}; returns the events written. */
        int fused(long seq) {
            Map<JournalKey, EntryProcessor<JournalKey, byte[], String>> writes = new HashMap<>();
            for (String actor : fusedActors) {
                writes.put(new JournalKey(actor, seq), new FencedAppend(EPOCH, event));
            }
            return written(journal.invokeAll(writes).values().stream().map(r -> r.get()).toList());
        }

        /** Before: each actor's head moved on its directory entry ({@link Reserve}), then {@link AppendIfAbsent}. */
        int reserveThenAppend(long seq) {
            Map<String, EntryProcessor<String, String, String>> fences = new HashMap<>();
            for (String actor : reservedActors) {
                fences.put(actor, new Reserve(EPOCH, seq - 1));
            }
            directory.invokeAll(fences);
            Map<JournalKey, EntryProcessor<JournalKey, byte[], Boolean>> writes = new HashMap<>();
            for (String actor : reservedActors) {
                writes.put(new JournalKey(actor, seq), new AppendIfAbsent(event));
            }
            return written(journal.invokeAll(writes).values().stream().map(r -> r.get()).toList());
        }

        private static int written(java.util.List<?> answers) {
            int n = 0;
            for (Object a : answers) {
                if (a == null) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * The directory fence the journal used before the fused write, reproduced for the comparison: checks the epoch and
     * the head of {@code holder#no#epoch#head} and moves the head on by one.
     */
    static final class Reserve implements CacheEntryProcessor<String, String, String> {
        private static final long serialVersionUID = 1L;
        private final long epoch;
        private final long expectedSeq;

        Reserve(long epoch, long expectedSeq) {
            this.epoch = epoch;
            this.expectedSeq = expectedSeq;
        }

        @Override
        public String process(MutableEntry<String, String> entry, Object... arguments) {
            String[] parts = entry.getValue().split("#");
            if (Long.parseLong(parts[2]) != epoch || Long.parseLong(parts[3]) != expectedSeq) {
                return "refused";
            }
            entry.setValue(parts[0] + "#" + parts[1] + "#" + parts[2] + "#" + (expectedSeq + 1));
            return null;
        }
    }
}
