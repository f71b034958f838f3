package io.botgrid.grpc.internal;

import com.google.protobuf.Any;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.EventsRemovedException;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.JournalReader;
import io.botgrid.actor.UnreadableEventException;
import io.botgrid.proto.v1.ActorEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of {@code ActorService.FollowEvents}: an actor's journal from a sequence number on, then its new events
 * as they are persisted, in sequence order with no gap and no repeat.
 *
 * <p>Each stream is a {@link JournalReader#follow} (which guarantees the order, no gap and no repeat) whose events go
 * to the caller as {@code ActorEvent}s. Sending follows gRPC flow control: the stream asks the follow for one event
 * at a time, and only while the caller {@code isReady}, so a slow reader makes the follow read later rather than
 * buffer without bound. The follow runs on the front's I/O executor (journal reads block). Cancellation by the
 * caller closes the follow; a stopping node ends every stream with UNAVAILABLE and the number to resume from.
 */
final class EventStreams {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);

    private final String nodeName;
    private final JournalReader journal;
    private final Executor io;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    EventStreams(String nodeName, JournalReader journal, Executor io) {
        this.nodeName = nodeName;
        this.journal = journal;
        this.io = io;
    }

    /** Starts a stream; called on the transport thread, inside the call's handler. */
    void follow(ActorId id, TypeCatalog.Entry entry, long fromSeq, ServerCallStreamObserver<ActorEvent> observer) {
        if (closing) {
            observer.onError(unavailable(id, "it is stopping").asRuntimeException());
            return;
        }
        Stream stream = new Stream(id, entry.eventTypeUrl(), fromSeq, observer);
        open.add(stream);
        observer.setOnCancelHandler(stream::cancelled);
        observer.setOnReadyHandler(stream::askIfReady);
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

    /** One caller following one actor: a journal follow whose events go to the caller as {@code ActorEvent}s. */
    private final class Stream implements JournalReader.Subscriber {
        private final ActorId id;
        private final String eventTypeUrl;
        private final long fromSeq;
        private final ServerCallStreamObserver<ActorEvent> observer;
        /** One event asked of the follow and not delivered yet: gRPC's readiness becomes demand one at a time. */
        private final AtomicBoolean asked = new AtomicBoolean();
        private volatile JournalReader.Subscription follow;
        /** Guarded by {@code this}, as are all calls to the observer (events and the end come on different threads). */
        private boolean done;

        Stream(ActorId id, String eventTypeUrl, long fromSeq, ServerCallStreamObserver<ActorEvent> observer) {
            this.id = id;
            this.eventTypeUrl = eventTypeUrl;
            this.fromSeq = fromSeq;
            this.observer = observer;
        }

        /** The next sequence number the caller is due, to resume from. */
        long nextSeq() {
            JournalReader.Subscription f = follow;
            return f == null ? fromSeq : f.nextSeq();
        }

        /** Starts the follow (on the I/O executor); its first event is asked for once the caller is ready. */
        void register() {
            synchronized (this) {
                if (done) {
                    return;
                }
                follow = journal.follow(id, fromSeq, io, this);
            }
            askIfReady();
        }

        /** The caller can take more (gRPC's on-ready handler), or just took one: ask the follow for the next. */
        void askIfReady() {
            JournalReader.Subscription f = follow;
            if (f != null && observer.isReady() && asked.compareAndSet(false, true)) {
                f.request(1);
            }
        }

        @Override
        public void onEntry(JournalEntry entry) {
            synchronized (this) {
                if (done) {
                    return;
                }
                observer.onNext(ActorEvent.newBuilder()
                        .setSeq(entry.seq())
                        .setEvent(Any.newBuilder().setTypeUrl(eventTypeUrl).setValue(entry.event()))
                        .setTimestampMillis(entry.timestampMillis())
                        .build());
            }
            asked.set(false);
            askIfReady();
        }

        @Override
        public void onError(Throwable error) {
            if (error instanceof UnreadableEventException) {
                end(Status.DATA_LOSS.withDescription("an event of " + id + " in the journal does not parse: "
                        + error.getMessage()));
                return;
            }
            if (error instanceof EventsRemovedException removed) {
                end(Status.OUT_OF_RANGE.withDescription(error.getMessage() + "; follow from seq "
                        + removed.firstAvailableSeq() + " or later"));
                return;
            }
            LOG.debug("Stream of {} failed: {}", id, error.getMessage());
            end(Status.UNAVAILABLE.withDescription("following " + id + " on node " + nodeName + " failed: "
                    + error.getMessage() + "; follow again from seq " + nextSeq()));
        }

        /** Ends the stream with a status, from any thread: tells the caller and releases the follow. */
        void end(Status status) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                try {
                    observer.onError(status.asRuntimeException());
                } catch (IllegalStateException | io.grpc.StatusRuntimeException e) {
                    LOG.debug("Stream of {} already ended: {}", id, e.getMessage());
                }
            }
            open.remove(this);
            closeFollow();
        }

        /** The caller cancelled, or its deadline passed (a transport thread). */
        void cancelled() {
            synchronized (this) {
                done = true;
            }
            open.remove(this);
            closeFollow();
        }

        private void closeFollow() {
            JournalReader.Subscription f = follow;
            if (f != null) {
                f.close();
            }
        }
    }
}
