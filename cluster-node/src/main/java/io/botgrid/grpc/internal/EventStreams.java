package io.botgrid.grpc.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.internal.JournalTail;
import io.botgrid.proto.v1.ActorEvent;
import io.botgrid.proto.v1.JournalRecord;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of {@code ActorService.FollowEvents}: an actor's journal from a sequence number on, then its new events
 * as they are persisted, in sequence order with no gap and no repeat.
 *
 * <p>Each stream is a {@link JournalTail} (a continuous query registered before the journal is read, gaps read from
 * the journal) whose records go to the caller as {@code ActorEvent}s. Sending follows gRPC flow control
 * ({@code isReady}), so a slow reader makes the stream read later rather than buffer without bound. All work of a
 * stream, including every call to its observer, runs serially on the front's I/O executor (journal reads block).
 * Cancellation by the caller closes the continuous query; a stopping node ends every stream with UNAVAILABLE and the
 * number to resume from.
 */
final class EventStreams {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);

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
                    + " again from seq " + s.nextSeq() + " through another node"));
        }
    }

    /** One caller following one actor: a journal tail whose records go to the caller as {@code ActorEvent}s. */
    private final class Stream implements JournalTail.Sink {
        private final Ignite node;
        private final ActorId id;
        private final String eventTypeUrl;
        private final long fromSeq;
        private final ServerCallStreamObserver<ActorEvent> observer;
        private volatile JournalTail tail;
        private volatile Status ending;
        private volatile boolean done;

        Stream(Ignite node, ActorId id, String eventTypeUrl, long fromSeq,
               ServerCallStreamObserver<ActorEvent> observer) {
            this.node = node;
            this.id = id;
            this.eventTypeUrl = eventTypeUrl;
            this.fromSeq = fromSeq;
            this.observer = observer;
        }

        /** The next sequence number the caller is due, to resume from. */
        long nextSeq() {
            JournalTail t = tail;
            return t == null ? fromSeq : t.nextSeq();
        }

        /**
         * Checks the cluster (waits while it changes state, hence on the I/O executor) and starts the journal tail.
         */
        void register() {
            if (done) {
                return;
            }
            try {
                if (!node.cluster().state().active()) {
                    end(unavailable(id, "its cluster is not active"));
                    finish();
                    return;
                }
            } catch (RuntimeException e) {
                end(unavailable(id, e.getMessage()));
                finish();
                return;
            }
            // The tail's first pump asks ready(), which ends the stream if end() came meanwhile.
            tail = JournalTail.start(node, id.asString(), fromSeq, io, this);
        }

        /** The caller can take more (gRPC's on-ready handler). */
        void schedule() {
            JournalTail t = tail;
            if (t != null) {
                t.resume();
            }
        }

        @Override
        public boolean ready() {
            if (ending != null) {
                finish();
                return false;
            }
            return !done && observer.isReady();
        }

        @Override
        public void record(long seq, byte[] bytes) {
            JournalRecord record;
            try {
                record = JournalRecord.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                ending = Status.DATA_LOSS.withDescription("event #" + seq + " of " + id
                        + " in the journal does not parse: " + e.getMessage());
                return;
            }
            observer.onNext(ActorEvent.newBuilder()
                    .setSeq(record.getSeq())
                    .setEvent(Any.newBuilder().setTypeUrl(eventTypeUrl).setValue(record.getEvent()))
                    .setTimestampMillis(record.getTimestampMillis())
                    .build());
        }

        @Override
        public void failed(Throwable error) {
            LOG.debug("Stream of {} failed: {}", id, error.getMessage());
            ending = Status.UNAVAILABLE.withDescription("following " + id + " on node " + nodeName + " failed: "
                    + error.getMessage() + "; follow again from seq " + nextSeq());
            finish();
        }

        /** Ends the stream with a status (from any thread; the tail's thread tells the caller). */
        void end(Status status) {
            ending = status;
            schedule();
        }

        /** The caller cancelled, or its deadline passed (a transport thread). */
        void cancelled() {
            done = true;
            open.remove(this);
            try {
                io.execute(this::closeTail);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeTail();
            }
        }

        /** On the tail's thread (or before the tail exists): tells the caller and releases the query. */
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
            closeTail();
        }

        private void closeTail() {
            JournalTail t = tail;
            if (t != null) {
                t.close();
            }
        }
    }
}
