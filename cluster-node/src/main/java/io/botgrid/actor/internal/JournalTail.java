package io.botgrid.actor.internal;

import io.botgrid.actor.ClusterUnavailableException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

/**
 * Follows one actor's journal from a sequence number on: the records it already holds, then new ones as they are
 * written, in sequence order, each exactly once: the engine of {@link IgniteJournalReader#follow}, through which the
 * gRPC front's {@code FollowEvents} and a conversation's replies stream an actor's events.
 *
 * <p>The tail subscribes to its node's {@link JournalFeed} (one continuous query on the journal for all of the node's
 * tails) <em>before</em> it reads the journal, so every record is either read or notified (or both: a record goes
 * out only when it is the next one due, and anything below is dropped). Notifications wait in a small sorted buffer;
 * one that arrives ahead of the next number due, or a full buffer, makes the tail read the missing range from the
 * journal instead, which holds every record. The sink is asked before each record whether it takes one now, so a
 * slow reader makes the tail read later rather than buffer without bound.
 *
 * <p>After a node joins, the feed registers its query again and has the tail read the journal from its next record
 * ({@link #reread()}): Ignite's query registered before the join may not hear the new node's writes.
 *
 * <p>All work, including every call to the sink, runs serially on the given executor (journal reads block).
 */
final class JournalTail implements AutoCloseable {
    /** Records read from the journal in one {@code getAll}. */
    private static final int READ_CHUNK = 256;
    /** Notifications buffered before newer ones are left to a journal read. */
    private static final int MAX_BUFFERED = 4_096;

    /** Where the records go; every call comes from the tail's executor, one at a time. */
    interface Sink {
        /**
         * Whether the sink takes a record now. When it answers false, the tail pauses until {@link #resume} is
         * called. Also the place to end the tail from the tail's own thread (close it and answer false).
         */
        default boolean ready() {
            return true;
        }

        /** The record with sequence number {@code seq}. Throwing ends the tail with {@link #failed}. */
        void record(long seq, byte[] record);

        /** Called once, when the records the journal held at the start have gone out. */
        default void caughtUp(long nextSeq) {
        }

        /** The tail ended on an error (the query could not be registered, a read failed, the sink threw). */
        void failed(Throwable error);
    }

    private final Ignite ignite;
    private final String actor;
    private final Executor executor;
    private final Sink sink;
    private final JournalFeed feed;
    /** Whether the tail is subscribed to the feed; cleared by whoever unsubscribes it, so that happens once. */
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final ConcurrentSkipListMap<Long, byte[]> notified = new ConcurrentSkipListMap<>();
    /** Serialises the pump: the first to raise it from 0 runs it, others make it loop again. */
    private final AtomicInteger work = new AtomicInteger();
    private volatile IgniteCache<JournalKey, byte[]> journal;
    private volatile long nextSeq;
    /** The journal may hold records not notified: read them. Starts true for what it holds already. */
    private volatile boolean readNeeded = true;
    private volatile boolean registered;
    private volatile boolean closed;
    private boolean endSeen;
    private boolean caughtUp;

    private JournalTail(Ignite ignite, String actor, long fromSeq, Executor executor, Sink sink, JournalFeed feed) {
        this.ignite = ignite;
        this.actor = actor;
        this.executor = executor;
        this.sink = sink;
        this.feed = feed;
        this.nextSeq = fromSeq;
    }

    /**
     * Starts following the journal of {@code actor} (an {@link io.botgrid.actor.ActorId#asString()}) from
     * {@code fromSeq}, notified through {@code feed}; the tail subscribes on {@code executor}.
     */
    static JournalTail start(Ignite ignite, String actor, long fromSeq, Executor executor, Sink sink,
                             JournalFeed feed) {
        JournalTail tail = new JournalTail(ignite, actor, fromSeq, executor, sink, feed);
        try {
            executor.execute(tail::register);
        } catch (RejectedExecutionException e) {
            tail.fail(e);
        }
        return tail;
    }

    /** The sequence number of the next record due. */
    long nextSeq() {
        return nextSeq;
    }

    private void register() {
        if (closed) {
            return;
        }
        try {
            if (!ignite.cluster().state().active()) {
                fail(new ClusterUnavailableException("the cluster of node " + ignite.name() + " is not active"));
                return;
            }
            journal = Stores.journal(ignite);
            feed.subscribe(ignite, actor, this);
            subscribed.set(true);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        if (closed) {
            unsubscribe();
            return;
        }
        registered = true;
        resume();
    }

    /**
     * Reads the journal from the next record due, on the tail's executor: after a node joined and the feed registered
     * its query again (see {@link JournalFeed}), for what the old query may have missed.
     */
    void reread() {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> {
                if (!closed && registered) { // not registered yet: its first read is still to come
                    readNeeded = true;
                    resume();
                }
            });
        } catch (RejectedExecutionException e) {
            fail(e);
        }
    }

    /** A written record of the actor, from the feed (an Ignite thread: only buffer and wake the pump). */
    void notified(long seq, byte[] record) {
        if (record == null || seq < nextSeq) {
            return;
        }
        if (notified.size() >= MAX_BUFFERED) {
            readNeeded = true; // the journal has it; read it when the sink catches up
        } else {
            notified.put(seq, record);
            if (seq > nextSeq) {
                readNeeded = true; // an earlier one may not be notified yet, or never (written before we looked)
            }
        }
        resume();
    }

    /** Makes the tail look for work again: after the sink said it was not ready, or to let it end itself. */
    void resume() {
        if (!closed && work.getAndIncrement() == 0) {
            try {
                executor.execute(this::pump);
            } catch (RejectedExecutionException e) {
                work.set(0);
                fail(e);
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
        while (!closed && registered) {
            if (!sink.ready()) {
                return; // resume() starts the pump again
            }
            Map.Entry<Long, byte[]> head = notified.firstEntry();
            while (head != null && head.getKey() < nextSeq) {
                notified.remove(head.getKey());
                head = notified.firstEntry();
            }
            if (head != null && head.getKey() == nextSeq) {
                notified.remove(head.getKey());
                nextSeq = head.getKey() + 1;
                sink.record(head.getKey(), head.getValue());
            } else if (readNeeded) {
                readNeeded = false; // a notification arriving meanwhile may raise it again
                if (read()) {
                    readNeeded = true;
                } else {
                    endSeen = true;
                }
            } else {
                if (endSeen && !caughtUp) {
                    caughtUp = true; // what the journal held has gone out (it was read up to its end, and sent)
                    sink.caughtUp(nextSeq);
                }
                return;
            }
        }
    }

    /** Reads the next records from the journal into the buffer; true if there may be more right after. */
    private boolean read() {
        Set<JournalKey> keys = new LinkedHashSet<>();
        for (int i = 0; i < READ_CHUNK; i++) {
            keys.add(new JournalKey(actor, nextSeq + i));
        }
        Map<JournalKey, byte[]> found = journal.getAll(keys);
        for (JournalKey k : keys) {
            byte[] record = found.get(k);
            if (record == null) {
                return false; // the end of the journal, for now: later records come as notifications
            }
            notified.put(k.seq(), record);
        }
        return true;
    }

    private void fail(Throwable error) {
        if (!closed) {
            close();
            sink.failed(error);
        }
    }

    /** Stops following; idempotent, from any thread. The sink is not called once the tail's thread sees it. */
    @Override
    public void close() {
        closed = true;
        unsubscribe();
    }

    private void unsubscribe() {
        if (subscribed.getAndSet(false)) {
            feed.unsubscribe(actor, this);
        }
    }
}
