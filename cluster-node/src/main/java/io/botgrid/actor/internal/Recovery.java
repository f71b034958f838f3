package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.SnapshotCodec;
import io.botgrid.proto.v1.IdempotencyEntry;
import io.botgrid.proto.v1.SnapshotRecord;

/**
 * Rebuilds an actor from storage before its first turn: the latest snapshot (if the behaviour has a codec), then
 * the journal after it, folding events into state and refilling the idempotency cache from the keys stored with
 * them. Its own class because it is the one place that reads storage for an activation, and runs on the blocking
 * pool rather than in a turn.
 */
final class Recovery {
    /** What recovery found: the state, the last sequence number and what the snapshot policy needs. */
    record Recovered(Object state, long seq, long eventsSinceSnapshot, IdempotencyCache recent) { }

    private Recovery() {
    }

    static Recovered run(ActorRuntime runtime, ActorId id, String actorKey, ActorTypes.Registration registration,
                         EventSourcedBehavior<Message, Message, Object, Message> behavior) {
        IdempotencyCache recent = new IdempotencyCache(registration.settings().idempotencyMaxKeys(),
                registration.settings().idempotencyWindow().toMillis());
        long now = runtime.clock.millis();
        Object[] state = {behavior.emptyState(id)};
        long seq = 0;
        SnapshotCodec<Object> codec = behavior.snapshotCodec();
        if (codec != null) {
            SnapshotRecord snapshot = runtime.snapshots.load(actorKey);
            if (snapshot != null) {
                try {
                    state[0] = codec.decode(snapshot.getState());
                } catch (InvalidProtocolBufferException | RuntimeException e) {
                    throw StorageErrors.journalError(actorKey, "snapshot decode", e);
                }
                seq = snapshot.getSeq();
                for (IdempotencyEntry e : snapshot.getRecentCallsList()) {
                    recent.put(e.getKey(), e.getReply(), e.getTimestampMillis(), now);
                }
            }
        }
        long[] count = new long[1];
        seq = runtime.journal.replay(actorKey, seq, record -> {
            try {
                state[0] = behavior.apply(state[0], behavior.eventParser().parseFrom(record.getEvent()));
            } catch (InvalidProtocolBufferException e) {
                throw StorageErrors.journalError(actorKey, "event #" + record.getSeq() + " decode", e);
            }
            if (!record.getIdempotencyKey().isEmpty()) {
                recent.put(record.getIdempotencyKey(), record.getReply(), record.getTimestampMillis(), now);
            }
            count[0]++;
        });
        return new Recovered(state[0], seq, count[0], recent);
    }
}
