package io.botgrid.grpc.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.internal.JournalFilter;
import io.botgrid.actor.internal.JournalKey;
import io.botgrid.actor.internal.Stores;
import io.botgrid.proto.v1.ActorEvent;
import io.botgrid.proto.v1.JournalRecord;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.cache.event.CacheEntryEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of {@code ActorService.FollowEvents}: an actor's journal from a sequence number on, then its new events
 * as they are persisted, in sequence order with no gap and no repeat.
 *
 * <p>Each stream registers an Ignite continuous query on the journal cache, filtered on the owner's side to the one
 * actor, <em>before</em> it reads what the journal already holds; so every event is either read or notified (or
 * both: a stream sends sequence number {@code n} only when it is the next one due, and drops anything below).
 * Notifications go into a small sorted buffer; when one arrives ahead of the next number due, or the buffer is full,
 * the stream reads the missing range from the journal instead, which holds every event. Sending follows gRPC flow
 * control ({@code isReady}), so a slow reader makes the stream read later rather than buffer without bound.
 *
 * <p>All work of a stream, including every call to its observer, runs serially on the front's I/O executor (journal
 * reads block). Cancellation by the caller closes the continuous query; a stopping node ends every stream with
 * UNAVAILABLE and the number to resume from.
 */
final class EventStreams {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    /** Events read from the journal in one {@code getAll}. */
    private static final int READ_CHUNK = 256;
    /** Notifications buffered per stream before newer ones are left to a journal read. */
    private static final int MAX_BUFFERED = 4_096;

    private final String nodeName;
    private final Supplier<Ignite> ignite;
    private final Executor io;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    EventStreams(String nodeName, Supplier<Ignite> ignite, Executor io) {
        this.nodeName = nodeName;
        this.ignite = ignite;
        this.io = io;
    }

    /** Starts a stream; called on the transport thread, inside the call's handler. */
    void follow(ActorId id, TypeCatalog.Entry entry, long fromSeq, ServerCallStreamObserver<ActorEvent> observer) {
        Ignite node = ignite.get();
        if (closing || node == null) {
            observer.onError(unavailable(id, closing ? "it is stopping" : "it has not joined its cluster yet")
                    .asRuntimeException());
            return;
        }
        Stream stream = new Stream(node, id, entry.eventTypeUrl(), fromSeq, observer);
        open.add(stream);
        observer.setOnCancelHandler(stream::cancelled);
        observer.setOnReadyHandler(stream::schedule);
        try {
            io.execute(stream::register);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            open.remove(stream);
            observer.onError(unavailable(id, "it is stopping").asRuntimeException());
        }
    }

    private Status unavailable(ActorId id, String why) {
        return Status.UNAVAILABLE.withDescription("node " + nodeName + " cannot follow " + id + " now: " + why
                + "; follow through another node");
    }

    /** Number of streams open on this node. */
    int openStreams() {
        return open.size();
    }

    /** Ends every stream with UNAVAILABLE: the node is stopping. */
    void closeAll() {
        closing = true;
        for (Stream s : open) {
            s.end(Status.UNAVAILABLE.withDescription("node " + nodeName + " is stopping; follow " + s.id
                    + " again from seq " + s.nextSeq + " through another node"));
        }
    }

    /** One caller following one actor. */
    private final class Stream {
        private final Ignite node;
        private volatile IgniteCache<JournalKey, byte[]> journal; // set by register, before registered
        private final ActorId id;
        private final String actor;
        private final String eventTypeUrl;
        private final ServerCallStreamObserver<ActorEvent> observer;
        /** Notified events not sent yet, by sequence number. */
        private final ConcurrentSkipListMap<Long, byte[]> notified = new ConcurrentSkipListMap<>();
        /** Serialises the pump: the first to raise it from 0 runs it, others make it loop again. */
        private final AtomicInteger work = new AtomicInteger();
        /** The next sequence number due; written by the pump only. */
        private volatile long nextSeq;
        /** The journal may hold events not notified: read them. Starts true for the history. */
        private volatile boolean readNeeded = true;
        private volatile boolean registered;
        private volatile Status ending;
        private volatile boolean done;
        private QueryCursor<?> cursor;

        Stream(Ignite node, ActorId id, String eventTypeUrl, long fromSeq,
               ServerCallStreamObserver<ActorEvent> observer) {
            this.node = node;
            this.id = id;
            this.actor = id.asString();
            this.eventTypeUrl = eventTypeUrl;
            this.observer = observer;
            this.nextSeq = fromSeq;
        }

        /**
         * Registers the continuous query (a cluster-wide operation, hence on the I/O executor, as is the state check,
         * which waits while the cluster changes state).
         */
        void register() {
            if (done) {
                return;
            }
            try {
                if (!node.cluster().state().active()) {
                    end(unavailable(id, "its cluster is not active"));
                    return;
                }
                journal = Stores.journal(node);
            } catch (RuntimeException e) {
                end(unavailable(id, e.getMessage()));
                return;
            }
            ContinuousQuery<JournalKey, byte[]> query = new ContinuousQuery<>();
            query.setRemoteFilterFactory(JournalFilter.forActor(actor));
            query.setLocalListener(events -> {
                for (CacheEntryEvent<? extends JournalKey, ? extends byte[]> e : events) {
                    notified(e.getKey().seq(), e.getValue());
                }
            });
            try {
                QueryCursor<?> c = journal.query(query);
                synchronized (this) {
                    cursor = c;
                }
            } catch (RuntimeException e) {
                LOG.debug("Continuous query for {} not registered: {}", id, e.getMessage());
                end(Status.UNAVAILABLE.withDescription("node " + nodeName + " cannot follow " + id + " now: "
                        + e.getMessage() + "; follow again from seq " + nextSeq));
                return;
            }
            if (done) {
                closeCursor();
                return;
            }
            registered = true;
            schedule();
        }

        /** A persisted event of the actor (an Ignite thread: only buffer and wake the pump). */
        private void notified(long seq, byte[] record) {
            if (record == null || seq < nextSeq) {
                return;
            }
            if (notified.size() >= MAX_BUFFERED) {
                readNeeded = true; // the journal has it; read it when the caller catches up
            } else {
                notified.put(seq, record);
                if (seq > nextSeq) {
                    readNeeded = true; // an earlier one may not be notified yet, or never (written before we looked)
                }
            }
            schedule();
        }

        void schedule() {
            if (work.getAndIncrement() == 0) {
                try {
                    io.execute(this::pump);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    work.set(0);
                    closeCursor();
                }
            }
        }

        private void pump() {
            int missed = 1;
            do {
                try {
                    pumpOnce();
                } catch (RuntimeException e) {
                    LOG.debug("Stream of {} failed: {}", id, e.getMessage());
                    ending = Status.UNAVAILABLE.withDescription("following " + id + " on node " + nodeName
                            + " failed: " + e.getMessage() + "; follow again from seq " + nextSeq);
                    finish();
                }
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }

        private void pumpOnce() {
            while (!done) {
                if (ending != null) {
                    finish();
                    return;
                }
                if (!observer.isReady()) {
                    return; // the on-ready handler schedules the pump again
                }
                Map.Entry<Long, byte[]> head = notified.firstEntry();
                while (head != null && head.getKey() < nextSeq) {
                    notified.remove(head.getKey());
                    head = notified.firstEntry();
                }
                if (head != null && head.getKey() == nextSeq) {
                    notified.remove(head.getKey());
                    send(head.getValue());
                } else if (readNeeded && registered) {
                    readNeeded = false; // a notification arriving meanwhile may raise it again
                    if (read()) {
                        readNeeded = true;
                    }
                } else {
                    return;
                }
            }
        }

        /** Reads the next events from the journal into the buffer; true if there may be more right after. */
        private boolean read() {
            Set<JournalKey> keys = new LinkedHashSet<>();
            for (int i = 0; i < READ_CHUNK; i++) {
                keys.add(new JournalKey(actor, nextSeq + i));
            }
            Map<JournalKey, byte[]> found = journal.getAll(keys);
            long seq = nextSeq;
            for (JournalKey k : keys) {
                byte[] record = found.get(k);
                if (record == null) {
                    return false; // the end of the journal, for now: later events come as notifications
                }
                notified.put(seq++, record);
            }
            return true;
        }

        private void send(byte[] bytes) {
            JournalRecord record;
            try {
                record = JournalRecord.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                ending = Status.DATA_LOSS.withDescription("event #" + nextSeq + " of " + id
                        + " in the journal does not parse: " + e.getMessage());
                return;
            }
            observer.onNext(ActorEvent.newBuilder()
                    .setSeq(record.getSeq())
                    .setEvent(Any.newBuilder().setTypeUrl(eventTypeUrl).setValue(record.getEvent()))
                    .setTimestampMillis(record.getTimestampMillis())
                    .build());
            nextSeq = record.getSeq() + 1;
        }

        /** Ends the stream with a status (from any thread; the pump tells the caller). */
        void end(Status status) {
            ending = status;
            schedule();
        }

        /** The caller cancelled, or its deadline passed (a transport thread). */
        void cancelled() {
            done = true;
            open.remove(this);
            try {
                io.execute(this::closeCursor);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeCursor();
            }
        }

        /** On the pump: tells the caller and releases the query. */
        private void finish() {
            if (done) {
                return;
            }
            done = true;
            open.remove(this);
            try {
                observer.onError(ending.asRuntimeException());
            } catch (IllegalStateException | io.grpc.StatusRuntimeException e) {
                LOG.debug("Stream of {} already ended: {}", id, e.getMessage());
            }
            closeCursor();
        }

        private void closeCursor() {
            QueryCursor<?> c;
            synchronized (this) {
                c = cursor;
                cursor = null;
            }
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    LOG.debug("Continuous query for {} did not close cleanly: {}", id, e.getMessage());
                }
            }
        }
    }
}
