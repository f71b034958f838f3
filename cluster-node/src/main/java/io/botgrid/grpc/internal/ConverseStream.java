package io.botgrid.grpc.internal;

import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.ConverseMessage;
import io.botgrid.proto.v1.ConverseOpen;
import io.botgrid.proto.v1.ConverseReady;
import io.botgrid.proto.v1.ConverseRequest;
import io.botgrid.proto.v1.ConverseResponse;
import io.botgrid.proto.v1.PartialReply;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.proto.v1.SendMessageResponse;
import io.botgrid.proto.v1.SessionRef;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code ConversationService.Converse} call.
 *
 * <p>Why it is built this way: replies reach the caller by one path only, the platform's
 * {@link BotsApi#followReplies reply follower}, whether they answer a message of this stream, of an earlier stream
 * or of another front; the answer of {@link BotsApi#sendMessage} is used only to know which replies must be out before
 * the stream may end after the caller's half-close. So a reconnecting caller that opens with the last seq it saw gets
 * every later reply exactly once. Partial replies (a streaming handler's text so far) come by a second, best-effort
 * path, the node's partial-reply gate; they are dropped rather than queued when the caller reads slowly.
 *
 * <p>Messages are read one at a time (manual inbound flow control): the next is requested when the previous one is
 * stored and answered, which keeps the caller's messages in order and bounds the work a caller can queue. Outbound
 * messages wait in a queue drained only while the transport {@linkplain ServerCallStreamObserver#isReady is ready};
 * a caller that stops reading while more than {@value #MAX_QUEUED} replies wait is dropped with RESOURCE_EXHAUSTED,
 * and may reopen from the last seq it read. Every call to the observer happens on the pump, serially, on the front's
 * callback executor.
 */
final class ConverseStream implements StreamObserver<ConverseRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ConverseStream.class);
    static final int MAX_QUEUED = 1_000;
    /** Partial replies are dropped, not queued, while this many responses wait: they are only a courtesy. */
    static final int MAX_QUEUED_FOR_PARTIALS = 50;
    private static final String PLATFORM = "grpc";
    private static final String DEFAULT_TEAM = "default";

    private final String nodeName;
    private final PlatformLookup platform;
    private final ServerCallStreamObserver<ConverseResponse> observer;
    private final Executor callbacks;
    private final Consumer<ConverseStream> onEnd;

    private final Queue<ConverseResponse> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Serialises the pump: whoever raises it from 0 runs it; others make it loop once more. */
    private final AtomicInteger work = new AtomicInteger();

    // written on the transport thread (requests come one at a time) and read by the pump
    private volatile boolean opened;
    private volatile boolean halfClosed;
    private volatile ConverseOpen open;
    private volatile SessionRef session;

    private volatile boolean sending;
    /** Highest seq among the replies to this stream's messages: sent before a half-closed stream completes. */
    private volatile long awaitedSeq;
    /** Highest seq queued; the follower's callbacks are serial. */
    private volatile long queuedSeq;
    /** Highest seq sent; written by the pump. */
    private volatile long sentSeq;
    private volatile boolean readySent;

    private volatile Status ending;
    private volatile boolean done;
    private BotsApi.Subscription subscription; // guarded by this
    private BotsApi.Subscription partialSubscription; // guarded by this

    ConverseStream(String nodeName, PlatformLookup platform, ServerCallStreamObserver<ConverseResponse> observer,
                   Executor callbacks, Consumer<ConverseStream> onEnd) {
        this.nodeName = nodeName;
        this.platform = platform;
        this.observer = observer;
        this.callbacks = callbacks;
        this.onEnd = onEnd;
    }

    /** Called inside the service method, before it returns: takes over flow control of the call. */
    void start() {
        observer.disableAutoRequest();
        observer.setOnCancelHandler(this::cancelled);
        observer.setOnReadyHandler(this::schedule);
        observer.request(1);
    }

    // ---------------------------------------------------------------- requests (transport thread)

    @Override
    public void onNext(ConverseRequest request) {
        if (done || ending != null) {
            return;
        }
        if (!opened) {
            if (!request.hasOpen()) {
                end(Status.INVALID_ARGUMENT.withDescription("the first request of Converse must be 'open' (bot_id, "
                        + "team, conversation, user_id, resume_after_seq), got " + describe(request)));
                return;
            }
            opened = true;
            open(request.getOpen());
        } else if (request.hasMessage()) {
            send(request.getMessage());
        } else {
            end(Status.INVALID_ARGUMENT.withDescription("after 'open', Converse takes only 'message's, got "
                    + describe(request)));
        }
    }

    private static String describe(ConverseRequest request) {
        return switch (request.getKindCase()) {
            case OPEN -> "a second 'open'";
            case MESSAGE -> "a 'message'";
            case KIND_NOT_SET -> "an empty request";
        };
    }

    @Override
    public void onError(Throwable t) {
        cancelled(); // the caller cancelled or its connection broke
    }

    @Override
    public void onCompleted() {
        halfClosed = true;
        schedule();
    }

    private void open(ConverseOpen request) {
        if (request.getResumeAfterSeq() < 0) {
            end(Status.INVALID_ARGUMENT.withDescription("open.resume_after_seq must be >= 0 (0 for every reply), got "
                    + request.getResumeAfterSeq()));
            return;
        }
        if (request.getConversation().isBlank()) {
            end(Status.INVALID_ARGUMENT.withDescription("open.conversation is required: it names the session of "
                    + "the grpc platform to talk in"));
            return;
        }
        open = request;
        session = SessionRef.newBuilder()
                .setBotId(request.getBotId())
                .setPlatform(PLATFORM)
                .setTeam(request.getTeam().isEmpty() ? DEFAULT_TEAM : request.getTeam())
                .setConversation(request.getConversation())
                .build();
        queuedSeq = request.getResumeAfterSeq();
        sentSeq = request.getResumeAfterSeq();
        BotsApi api;
        try {
            api = platform.api();
        } catch (StatusRuntimeException e) {
            end(e.getStatus());
            return;
        }
        api.getBot(request.getBotId()).whenCompleteAsync((bot, error) -> {
            if (error != null) {
                end(Statuses.of(error));
            } else {
                follow(api);
            }
        }, callbacks);
    }

    private void follow(BotsApi api) {
        if (done) {
            return;
        }
        BotsApi.Subscription s;
        BotsApi.Subscription p;
        try {
            s = api.followReplies(session, open.getResumeAfterSeq(), this::replied, this::caughtUp, this::failed);
            p = api.followPartials(session, this::partial);
        } catch (RuntimeException e) {
            end(Statuses.of(e));
            return;
        }
        boolean keep;
        synchronized (this) {
            keep = !done;
            if (keep) {
                subscription = s;
                partialSubscription = p;
            }
        }
        if (!keep) {
            s.close();
            p.close();
            return;
        }
        observer.request(1);
    }

    private void send(ConverseMessage message) {
        sending = true;
        SendMessageRequest request = SendMessageRequest.newBuilder()
                .setBotId(session.getBotId())
                .setTeam(session.getTeam())
                .setConversation(session.getConversation())
                .setUserId(open.getUserId())
                .setText(message.getText())
                .setMessageId(message.getMessageId().isEmpty() ? UUID.randomUUID().toString()
                        : message.getMessageId())
                .build();
        CompletableFuture<SendMessageResponse> answer;
        try {
            answer = platform.api().sendMessage(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenCompleteAsync((response, error) -> {
            if (error != null) {
                end(Statuses.of(error));
                return;
            }
            long highest = response.getRepliesList().stream().mapToLong(Reply::getSeq).max().orElse(0);
            if (highest > awaitedSeq) {
                awaitedSeq = highest;
            }
            sending = false;
            if (!done && ending == null) {
                observer.request(1);
            }
            schedule(); // a half-close may be waiting for this message
        }, callbacks);
    }

    // ---------------------------------------------------------------- the follower's callbacks (any thread)

    private void replied(Reply reply) {
        if (done || reply.getSeq() <= queuedSeq) {
            return; // already queued: the follower promises once, this makes sure
        }
        queuedSeq = reply.getSeq();
        enqueue(ConverseResponse.newBuilder().setReply(reply).build());
        if (queued.get() > MAX_QUEUED) {
            end(Status.RESOURCE_EXHAUSTED.withDescription("the caller does not read its replies: more than "
                    + MAX_QUEUED + " are waiting on node " + nodeName + "; open again with resume_after_seq="
                    + sentSeq));
        }
    }

    private void partial(PartialReply partial) {
        if (done || ending != null || queued.get() >= MAX_QUEUED_FOR_PARTIALS) {
            return; // best effort: the final reply follows through the journal
        }
        enqueue(ConverseResponse.newBuilder().setPartial(partial).build());
    }

    private void caughtUp(Long lastSeq) {
        enqueue(ConverseResponse.newBuilder()
                .setReady(ConverseReady.newBuilder().setSession(session).setLastSeq(lastSeq == null ? 0 : lastSeq))
                .build());
    }

    private void failed(Throwable error) {
        Status status = Statuses.of(error);
        end(status.withDescription(status.getDescription() + "; open again with resume_after_seq=" + sentSeq));
    }

    private void enqueue(ConverseResponse response) {
        outbox.add(response);
        queued.incrementAndGet();
        schedule();
    }

    // ---------------------------------------------------------------- ending

    /** Ends the call with a status (from any thread; the pump tells the caller). */
    void end(Status status) {
        if (ending == null) {
            ending = status;
        }
        schedule();
    }

    /** The node is stopping. */
    void nodeStopping() {
        end(Status.UNAVAILABLE.withDescription("node " + nodeName + " is stopping; open the conversation again "
                + "with resume_after_seq=" + sentSeq + " through another node"));
    }

    private void cancelled() {
        done = true;
        release();
    }

    private void release() {
        onEnd.accept(this);
        BotsApi.Subscription s;
        BotsApi.Subscription p;
        synchronized (this) {
            s = subscription;
            subscription = null;
            p = partialSubscription;
            partialSubscription = null;
        }
        if (p != null) {
            p.close();
        }
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("Reply subscription of {} did not close cleanly: {}", session, e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- the pump

    private void schedule() {
        if (work.getAndIncrement() == 0) {
            try {
                callbacks.execute(this::pump);
            } catch (RejectedExecutionException e) {
                work.set(0);
                done = true;
                release();
            }
        }
    }

    private void pump() {
        int missed = 1;
        do {
            try {
                pumpOnce();
            } catch (RuntimeException e) {
                LOG.debug("Converse stream of {} on node {} failed: {}", session, nodeName, e.getMessage());
                ending = Status.INTERNAL.withDescription("the conversation stream failed on node " + nodeName + ": "
                        + e.getClass().getSimpleName() + "; open again with resume_after_seq=" + sentSeq);
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
            ConverseResponse next = outbox.peek();
            if (next != null) {
                if (!observer.isReady()) {
                    return; // the on-ready handler runs the pump again
                }
                outbox.poll();
                queued.decrementAndGet();
                observer.onNext(next);
                if (next.hasReply()) {
                    sentSeq = next.getReply().getSeq();
                } else if (next.hasReady()) {
                    readySent = true;
                }
                continue;
            }
            if (halfClosed && (!opened || (readySent && !sending && sentSeq >= awaitedSeq))) {
                done = true;
                release();
                observer.onCompleted(); // the caller is done and has every reply to its messages
            }
            return;
        }
    }

    /** On the pump: tells the caller how the call ends and lets go of the follower. */
    private void finish() {
        done = true;
        release();
        try {
            observer.onError(ending.asRuntimeException());
        } catch (IllegalStateException | StatusRuntimeException e) {
            LOG.debug("Converse stream of {} already ended: {}", session, e.getMessage());
        }
    }
}
