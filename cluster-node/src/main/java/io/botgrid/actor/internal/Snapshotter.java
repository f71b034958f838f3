package io.botgrid.actor.internal;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.SnapshotCodec;
import io.botgrid.proto.v1.SnapshotRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot policy of one activation: after every {@code snapshotEvery} persisted events it saves state, sequence
 * number and recent idempotency keys, so recovery replays a bounded tail of the journal. A snapshot that fails to
 * encode is skipped, never fatal: the journal alone is always enough. Confined to turns, like the state it saves.
 */
final class Snapshotter {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final ActorRuntime runtime;
    private final ActorId id;
    private final String actorKey;
    private final SnapshotCodec<Object> codec;
    private final int every;
    private long eventsSinceSnapshot;

    Snapshotter(ActorRuntime runtime, ActorId id, String actorKey, SnapshotCodec<Object> codec, int every,
                long eventsSinceSnapshot) {
        this.runtime = runtime;
        this.id = id;
        this.actorKey = actorKey;
        this.codec = codec;
        this.every = every;
        this.eventsSinceSnapshot = eventsSinceSnapshot;
    }

    /** {@code events} more were persisted, leaving the actor at {@code seq} with {@code state}. */
    void persisted(int events, long seq, Object state, IdempotencyCache recent) {
        eventsSinceSnapshot += events;
        if (codec == null || every == 0 || eventsSinceSnapshot < every) {
            return;
        }
        eventsSinceSnapshot = 0;
        SnapshotRecord snapshot;
        try {
            snapshot = SnapshotRecord.newBuilder().setSeq(seq).setState(codec.encode(state))
                    .addAllRecentCalls(recent.toProto()).setTimestampMillis(runtime.clock.millis()).build();
        } catch (RuntimeException e) {
            LOG.warn("Snapshot of {} at #{} failed to encode; recovery replays the journal instead", id, seq, e);
            return;
        }
        runtime.snapshots.save(actorKey, snapshot);
        runtime.metrics.snapshotWritten();
    }
}
