package io.botgrid.it;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import io.botgrid.node.BotgridNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/** Records what one follow delivers; {@link #follow} opens it with unbounded demand. */
final class FollowRecorder implements JournalReader.Subscriber {
    final List<JournalEntry> entries = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    volatile boolean caughtUp;
    JournalReader.Subscription subscription;

    /** Follows {@code actor} on {@code node} from its first event, every call on {@code io}. */
    static FollowRecorder follow(BotgridNode node, ActorId actor, Executor io) {
        FollowRecorder recorder = new FollowRecorder();
        recorder.subscription = node.events().follow(actor, 1, io, recorder);
        recorder.subscription.request(Long.MAX_VALUE);
        return recorder;
    }

    @Override
    public void onEntry(JournalEntry entry) {
        entries.add(entry);
    }

    @Override
    public void onCaughtUp(long nextSeq) {
        caughtUp = true;
    }

    @Override
    public void onError(Throwable e) {
        error.set(e);
    }
}
