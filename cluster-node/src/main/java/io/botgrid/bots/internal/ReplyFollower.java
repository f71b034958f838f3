package io.botgrid.bots.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.internal.JournalKey;
import io.botgrid.actor.internal.Stores;
import io.botgrid.proto.v1.JournalRecord;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.SessionEvent;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.cache.event.CacheEntryEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;

/**
 * One subscriber following a session's replies: those in the journal after a sequence number, then new ones, each
 * once and in order. A continuous query on the journal is registered <em>before</em> the journal is read, so every
 * event is read or notified (or both; anything below the next number due is dropped). A notification ahead of the
 * next number due makes the follower read the gap from the journal, which holds every event. All work, including
 * the subscriber's callbacks, runs serially on the given executor.
 */
final class ReplyFollower implements BotsApi.Subscription {
    private static final int READ_CHUNK = 128;

    private final String actor;
    private final Executor executor;
    private final Consumer<Reply> onReply;
    private final Consumer<Long> onCaughtUp;
    private final Consumer<Throwable> onError;
    private final ConcurrentSkipListMap<Long, byte[]> notified = new ConcurrentSkipListMap<>();
    private final AtomicInteger work = new AtomicInteger();
    private IgniteCache<JournalKey, byte[]> journal;
    private QueryCursor<?> cursor;
    private long nextSeq;
    private long lastSent;
    private boolean caughtUp;
    private volatile boolean readNeeded = true;
    private volatile boolean closed;

    ReplyFollower(SessionKey session, long afterSeq, Executor executor, Consumer<Reply> onReply,
                  Consumer<Long> onCaughtUp, Consumer<Throwable> onError) {
        this.actor = session.actorId().asString();
        this.executor = executor;
        this.onReply = onReply;
        this.onCaughtUp = onCaughtUp;
        this.onError = onError;
        this.nextSeq = afterSeq + 1;
        this.lastSent = afterSeq;
    }

    /** Registers the query and starts the catch-up; on the executor, since both wait on Ignite. */
    ReplyFollower start(Ignite ignite) {
        executor.execute(() -> {
            try {
                journal = Stores.journal(ignite);
                ContinuousQuery<JournalKey, byte[]> query = new ContinuousQuery<>();
                query.setRemoteFilterFactory(io.botgrid.actor.internal.JournalFilter.forActor(actor));
                query.setLocalListener(events -> {
                    for (CacheEntryEvent<? extends JournalKey, ? extends byte[]> e : events) {
                        if (e.getValue() != null && e.getKey().seq() >= nextSeq) {
                            notified.put(e.getKey().seq(), e.getValue());
                            readNeeded |= e.getKey().seq() > nextSeq;
                            schedule();
                        }
                    }
                });
                QueryCursor<?> c = journal.query(query);
                synchronized (this) {
                    cursor = c;
                }
                if (closed) {
                    c.close();
                    return;
                }
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            schedule();
        });
        return this;
    }

    private void schedule() {
        if (!closed && work.getAndIncrement() == 0) {
            try {
                executor.execute(this::pump);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                close();
            }
        }
    }

    private void pump() {
        int missed = 1;
        do {
            try {
                pumpOnce();
            } catch (RuntimeException e) {
                fail(e);
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void pumpOnce() {
        while (!closed && journal != null) {
            Map.Entry<Long, byte[]> head = notified.firstEntry();
            while (head != null && head.getKey() < nextSeq) {
                notified.remove(head.getKey());
                head = notified.firstEntry();
            }
            if (head != null && head.getKey() == nextSeq) {
                notified.remove(head.getKey());
                take(nextSeq, head.getValue());
            } else if (readNeeded) {
                readNeeded = false;
                if (read()) {
                    readNeeded = true;
                } else if (!caughtUp) {
                    caughtUp = true;
                    onCaughtUp.accept(lastSent);
                }
            } else {
                return;
            }
        }
    }

    /** Reads the next chunk of the journal; true if there may be more right after it. */
    private boolean read() {
        Set<JournalKey> keys = new LinkedHashSet<>();
        for (int i = 0; i < READ_CHUNK; i++) {
            keys.add(new JournalKey(actor, nextSeq + i));
        }
        Map<JournalKey, byte[]> found = journal.getAll(keys);
        for (JournalKey k : keys) {
            byte[] record = found.get(k);
            if (record == null) {
                return false;
            }
            take(k.seq(), record);
        }
        return true;
    }

    private void take(long seq, byte[] bytes) {
        nextSeq = seq + 1;
        try {
            JournalRecord record = JournalRecord.parseFrom(bytes);
            SessionEvent event = SessionEvent.parseFrom(record.getEvent());
            if (event.hasReply()) {
                lastSent = seq;
                onReply.accept(Reply.newBuilder().setReplyId(event.getReply().getReplyId())
                        .setText(event.getReply().getText()).setInReplyTo(event.getReply().getInReplyTo())
                        .setSeq(seq).setAt(Times.ofMillis(event.getAtMillis())).build());
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("event #" + seq + " of " + actor + " does not parse", e);
        }
    }

    private void fail(Throwable e) {
        if (!closed) {
            close();
            onError.accept(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        QueryCursor<?> c;
        synchronized (this) {
            c = cursor;
            cursor = null;
        }
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // the node is stopping: its queries end with it
            }
        }
    }
}
