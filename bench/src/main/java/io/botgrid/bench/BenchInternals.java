package io.botgrid.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.internal.Stores;
import io.botgrid.node.NodeConfig;
import io.botgrid.proto.v1.SnapshotRecord;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.affinity.Affinity;

/**
 * The one place the bench reaches into the runtime's internals ({@code io.botgrid.actor.internal}): the transport
 * setting of a node, and the caches behind the journal and the snapshot store, which the bench reads to check
 * partitions, count journal entries and wait for a snapshot. When the public API offers these, only this class changes.
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
}
