package io.botgrid.actor.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.SnapshotCodec;
import io.botgrid.proto.v1.IdempotencyEntry;
import io.botgrid.proto.v1.SnapshotRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Rebuilds an actor from storage before its first turn: the latest snapshot (if the behaviour has a codec), then
 * the journal after it, folding events into state and refilling the idempotency cache from the keys stored with
 * them. Its own class because it is the one place that reads storage for an activation; it runs before the first
 * turn, on the turn pool, and holds no thread while storage answers.
 */
final class Recovery {
    /** What recovery found: the state, the last sequence number and what the snapshot policy needs. */
    record Recovered(Object state, long seq, long eventsSinceSnapshot, IdempotencyCache recent) { }

    private Recovery() {
    }

    /**
     * Recovers on {@code executor} (or the caller's thread, for reads done at once) without a thread waiting for
     * storage: the snapshot first (its sequence number says where the journal starts), then the journal, whose first
     * read {@code head} (the journal head of the claimed directory entry) sizes. Events are applied one at a time, in
     * order, never on an Ignite thread. Fails with the errors the reads or the behaviour raised.
     */
    static CompletableFuture<Recovered> run(ActorRuntime runtime, ActorId id, String actorKey,
                                            ActorTypes.Registration registration,
                                            EventSourcedBehavior<Message, Message, Object, Message> behavior,
                                            long head, Executor executor) {
        IdempotencyCache recent = new IdempotencyCache(registration.settings().idempotencyMaxKeys(),
                registration.settings().idempotencyWindow().toMillis());
        long now = runtime.clock.millis();
        Object[] state = {behavior.emptyState(id)};
        SnapshotCodec<Object> codec = behavior.snapshotCodec();
        CompletableFuture<SnapshotRecord> snapshot = codec == null ? CompletableFuture.completedFuture(null)
                : runtime.snapshots.loadAsync(actorKey, executor);
        return snapshot.thenCompose(s -> {
            long seq = 0;
            if (s != null) {
                try {
                    state[0] = codec.decode(s.getState());
                } catch (InvalidProtocolBufferException | RuntimeException e) {
                    throw StorageErrors.journalError(actorKey, "snapshot decode", e);
                }
                seq = s.getSeq();
                for (IdempotencyEntry e : s.getRecentCallsList()) {
                    recent.put(e.getKey(), e.getReply(), e.getTimestampMillis(), now);
                }
            }
            long[] count = new long[1];
            return runtime.journal.replayAsync(actorKey, seq, head, record -> {
                try {
                    state[0] = behavior.apply(state[0], behavior.eventParser().parseFrom(record.getEvent()));
                } catch (InvalidProtocolBufferException e) {
                    throw StorageErrors.journalError(actorKey, "event #" + record.getSeq() + " decode", e);
                }
                if (!record.getIdempotencyKey().isEmpty()) {
                    recent.put(record.getIdempotencyKey(), record.getReply(), record.getTimestampMillis(), now);
                }
                count[0]++;
            }, executor).thenApply(last -> new Recovered(state[0], last, count[0], recent));
        });
    }
}
