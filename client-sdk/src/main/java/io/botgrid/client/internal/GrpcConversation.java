package io.botgrid.client.internal;

import io.botgrid.client.BotgridException;
import io.botgrid.client.Conversation;
import io.botgrid.client.ConversationListener;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.PartialReply;
import io.botgrid.client.Reply;
import io.botgrid.client.RetryPolicy;
import io.botgrid.client.SessionRef;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.ConverseMessage;
import io.botgrid.proto.v1.ConverseOpen;
import io.botgrid.proto.v1.ConverseRequest;
import io.botgrid.proto.v1.ConverseResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Conversation} over {@code ConversationService.Converse}, reopened on another endpoint when its node is
 * unavailable.
 *
 * <p>How nothing is lost or repeated: replies are delivered only if their seq is above the last one delivered, and
 * a reopened stream starts after that seq; messages stay in {@link #unanswered} until a reply to them arrives, and a
 * reopened stream sends them again with their ids, which the server de-duplicates. A message that never gets a reply
 * is kept (up to {@value #MAX_UNANSWERED}, oldest dropped first) and re-sent harmlessly on each reconnect.
 *
 * <p>All writes to the current call and all state changes happen under {@link #lock}; the listener is called from
 * the call's response observer, which gRPC calls serially, and a stale call's callbacks are ignored.
 */
final class GrpcConversation implements Conversation {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcConversation.class);
    static final int MAX_UNANSWERED = 1_000;

    private final ConversationRef ref;
    private final SessionRef session;
    private final ConversationListener listener;
    private final Endpoints endpoints;
    private final RetryPolicy policy;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private final Object lock = new Object();
    /** Messages sent whose replies have not been seen, by id, in sending order. Guarded by lock. */
    private final Map<String, String> unanswered = new LinkedHashMap<>();
    /** The message whose partial reply was shown last, and its index: older ones arriving late are dropped. */
    private String partialOf = "";
    private int partialIndex;
    private ClientCallStreamObserver<ConverseRequest> call; // guarded by lock; null between calls
    private boolean closing; // guarded by lock
    private volatile boolean ended;
    private volatile long lastSeq;

    GrpcConversation(ConversationRef ref, long resumeAfterSeq, ConversationListener listener, Endpoints endpoints,
                     RetryPolicy policy, ScheduledExecutorService scheduler) {
        this.ref = ref;
        this.session = ref.session();
        this.listener = listener;
        this.endpoints = endpoints;
        this.policy = policy;
        this.scheduler = scheduler;
        this.lastSeq = resumeAfterSeq;
    }

    void start() {
        open(1);
    }

    private void open(int attempt) {
        if (ended) {
            return;
        }
        int index = endpoints.currentIndex();
        Stream stream = new Stream(index, attempt);
        ConversationServiceGrpc.newStub(endpoints.channel(index)).converse(stream);
        stream.install();
    }

    // ---------------------------------------------------------------- API

    @Override
    public String send(String text) {
        return send(text, UUID.randomUUID().toString());
    }

    @Override
    public String send(String text, String messageId) {
        if (text == null || messageId == null || messageId.isEmpty()) {
            throw new IllegalArgumentException("text and a non-empty message id are required");
        }
        synchronized (lock) {
            if (ended || closing) {
                throw new IllegalStateException("the conversation " + session + " is " + (ended ? "over" : "closing")
                        + "; open a new one to send more");
            }
            unanswered.put(messageId, text);
            if (unanswered.size() > MAX_UNANSWERED) {
                Iterator<String> oldest = unanswered.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            if (call != null) {
                call.onNext(message(messageId, text));
            }
        }
        return messageId;
    }

    private static ConverseRequest message(String id, String text) {
        return ConverseRequest.newBuilder().setMessage(ConverseMessage.newBuilder().setText(text).setMessageId(id))
                .build();
    }

    @Override
    public SessionRef session() {
        return session;
    }

    @Override
    public long lastSeq() {
        return lastSeq;
    }

    @Override
    public CompletableFuture<Long> ready() {
        return ready.copy();
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed.copy();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closing || ended) {
                return;
            }
            closing = true;
            if (call != null) {
                call.onCompleted(); // the server ends the stream once the replies to our messages are out
            }
        }
    }

    @Override
    public void cancel() {
        ClientCallStreamObserver<ConverseRequest> c;
        synchronized (lock) {
            ended = true;
            c = call;
            call = null;
        }
        if (c != null) {
            c.cancel("cancelled by the client", null);
        }
        ready.completeExceptionally(new BotgridException(io.botgrid.client.ErrorCode.UNKNOWN,
                "the conversation was cancelled", null));
        closed.complete(null);
    }

    // ---------------------------------------------------------------- one call

    /** One Converse call; the conversation has at most one live at a time. */
    private final class Stream implements ClientResponseObserver<ConverseRequest, ConverseResponse> {
        private final int index;
        private final int attempt;
        private boolean caughtUp;
        private ClientCallStreamObserver<ConverseRequest> mine;
        private boolean over; // guarded by lock: the call has ended

        Stream(int index, int attempt) {
            this.index = index;
            this.attempt = attempt;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ConverseRequest> stream) {
            mine = stream; // nothing may be sent before the call has started: see install()
        }

        /** Makes this the conversation's call and sends open, the unanswered messages and a pending half-close. */
        void install() {
            synchronized (lock) {
                if (over) {
                    return; // failed at once; onError has decided what comes next
                }
                if (ended) {
                    mine.cancel("the conversation is over", null);
                    return;
                }
                call = mine;
                mine.onNext(ConverseRequest.newBuilder().setOpen(ConverseOpen.newBuilder()
                        .setBotId(ref.botId())
                        .setTeam(ref.team())
                        .setConversation(ref.conversation())
                        .setUserId(ref.userId())
                        .setResumeAfterSeq(lastSeq)).build());
                for (Map.Entry<String, String> m : unanswered.entrySet()) {
                    mine.onNext(message(m.getKey(), m.getValue()));
                }
                if (closing) {
                    mine.onCompleted();
                }
            }
        }

        private boolean current() {
            synchronized (lock) {
                return !ended && call == mine;
            }
        }

        @Override
        public void onNext(ConverseResponse response) {
            if (!current()) {
                return;
            }
            if (response.hasReply()) {
                io.botgrid.proto.v1.Reply r = response.getReply();
                if (r.getSeq() <= lastSeq) {
                    return;
                }
                lastSeq = r.getSeq();
                synchronized (lock) {
                    unanswered.remove(r.getInReplyTo());
                }
                Reply reply = ProtoViews.reply(r);
                safely(() -> listener.onReply(reply));
            } else if (response.hasPartial()) {
                io.botgrid.proto.v1.PartialReply p = response.getPartial();
                synchronized (lock) {
                    if (!unanswered.containsKey(p.getInReplyTo()) || p.getIndex() <= partialIndex
                            && p.getInReplyTo().equals(partialOf)) {
                        return; // answered already, or older than one shown
                    }
                    partialOf = p.getInReplyTo();
                    partialIndex = p.getIndex();
                }
                PartialReply partial = new PartialReply(p.getInReplyTo(), p.getIndex(), p.getText());
                safely(() -> listener.onPartial(partial));
            } else if (response.hasReady()) {
                caughtUp = true;
                long seq = Math.max(lastSeq, response.getReady().getLastSeq());
                safely(() -> listener.onReady(session, seq));
                ready.complete(seq);
            }
        }

        @Override
        public void onError(Throwable t) {
            boolean retry;
            synchronized (lock) {
                over = true;
                if (ended || (call != null && call != mine)) {
                    return;
                }
                call = null;
                Status.Code code = Errors.statusOf(t).getCode();
                int next = caughtUp ? 1 : attempt + 1;
                retry = (code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED)
                        && next <= policy.maxAttempts();
                if (retry) {
                    endpoints.failover(index);
                    try {
                        scheduler.schedule(() -> open(next), policy.backoff(next).toMillis(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        retry = false; // the client is closing
                    }
                }
                if (!retry) {
                    ended = true;
                }
            }
            if (!retry) {
                BotgridException error = Errors.toException(t);
                ready.completeExceptionally(error);
                closed.completeExceptionally(error);
                safely(() -> listener.onError(error));
            } else {
                LOG.debug("Conversation {} lost its stream ({}); reopening after seq {}", session, t.getMessage(),
                        lastSeq);
            }
        }

        @Override
        public void onCompleted() {
            synchronized (lock) {
                over = true;
                if (ended || (call != null && call != mine)) {
                    return;
                }
                ended = true;
                call = null;
            }
            ready.complete(lastSeq);
            closed.complete(null);
            safely(listener::onClosed);
        }
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("The listener of conversation {} threw; the conversation goes on", session, e);
        }
    }
}
