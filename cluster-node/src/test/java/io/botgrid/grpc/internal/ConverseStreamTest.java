package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.bots.platform.BotApiException;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRef;
import io.botgrid.proto.v1.BotStats;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.ConverseMessage;
import io.botgrid.proto.v1.ConverseOpen;
import io.botgrid.proto.v1.ConverseRequest;
import io.botgrid.proto.v1.ConverseResponse;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.DisconnectChannelRequest;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.GetHistoryResponse;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.ListBotsResponse;
import io.botgrid.proto.v1.ListSessionsRequest;
import io.botgrid.proto.v1.ListSessionsResponse;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.proto.v1.SendMessageResponse;
import io.botgrid.proto.v1.SessionRef;
import io.botgrid.proto.v1.UpdateBotRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Converse stream of the front over a fake bot platform, on real sockets: the front's half of the contract
 * (one reply path, ready after catch-up, half-close after the last replies, flow control, refusals, release of the
 * follower) without a cluster.
 */
@Timeout(60)
class ConverseStreamTest {
    private final FakeBots bots = new FakeBots();
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private ConversationServiceImpl service;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        service = new ConversationServiceImpl("n1", new PlatformLookup("n1", () -> bots), callbacks);
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).directExecutor()
                .addService(service).build().start();
        channel = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        callbacks.shutdownNow();
    }

    /** A bot platform with one bot, "echo", whose sessions share one journal of replies. */
    static final class FakeBots implements BotsApi {
        final List<Reply> journal = new ArrayList<>();
        final Map<String, SendMessageResponse> handled = new HashMap<>();
        final List<Consumer<Reply>> followers = new ArrayList<>();

        synchronized int followers() {
            return followers.size();
        }

        synchronized void append(String text, String inReplyTo) {
            Reply r = Reply.newBuilder().setReplyId("r" + (journal.size() + 1)).setSeq(journal.size() + 1)
                    .setText(text).setInReplyTo(inReplyTo).build();
            journal.add(r);
            List.copyOf(followers).forEach(f -> f.accept(r));
        }

        @Override
        public synchronized CompletableFuture<SendMessageResponse> sendMessage(SendMessageRequest request) {
            SendMessageResponse before = handled.get(request.getMessageId());
            if (before != null) {
                return CompletableFuture.completedFuture(before.toBuilder().setDuplicate(true).build());
            }
            append("echo: " + request.getText(), request.getMessageId());
            SendMessageResponse response = SendMessageResponse.newBuilder().addReplies(journal.get(journal.size() - 1))
                    .build();
            handled.put(request.getMessageId(), response);
            return CompletableFuture.completedFuture(response);
        }

        @Override
        public synchronized Subscription followReplies(SessionRef session, long afterSeq, Consumer<Reply> onReply,
                                                       Consumer<Long> onCaughtUp, Consumer<Throwable> onError) {
            long last = afterSeq;
            for (Reply r : journal) {
                if (r.getSeq() > afterSeq) {
                    onReply.accept(r);
                    last = r.getSeq();
                }
            }
            onCaughtUp.accept(last);
            followers.add(onReply);
            return () -> {
                synchronized (FakeBots.this) {
                    followers.remove(onReply);
                }
            };
        }

        @Override
        public CompletableFuture<Bot> getBot(String botId) {
            return "echo".equals(botId) ? CompletableFuture.completedFuture(Bot.newBuilder().setBotId(botId).build())
                    : CompletableFuture.failedFuture(BotApiException.notFound("bot '" + botId + "' does not exist"));
        }

        private static <T> CompletableFuture<T> unused() {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletableFuture<Bot> createBot(CreateBotRequest request) {
            return unused();
        }

        @Override
        public CompletableFuture<ListBotsResponse> listBots(ListBotsRequest request) {
            return unused();
        }

        @Override
        public CompletableFuture<Bot> updateBot(UpdateBotRequest request) {
            return unused();
        }

        @Override
        public CompletableFuture<Bot> pauseBot(BotRef request) {
            return unused();
        }

        @Override
        public CompletableFuture<Bot> resumeBot(BotRef request) {
            return unused();
        }

        @Override
        public CompletableFuture<Bot> deleteBot(BotRef request) {
            return unused();
        }

        @Override
        public CompletableFuture<Bot> connectChannel(ConnectChannelRequest request) {
            return unused();
        }

        @Override
        public CompletableFuture<Bot> disconnectChannel(DisconnectChannelRequest request) {
            return unused();
        }

        @Override
        public CompletableFuture<BotStats> stats(String botId) {
            return unused();
        }

        @Override
        public CompletableFuture<GetHistoryResponse> history(GetHistoryRequest request) {
            return unused();
        }

        @Override
        public CompletableFuture<ListSessionsResponse> listSessions(ListSessionsRequest request) {
            return unused();
        }
    }

    /** The client side of one call: what it received and how it ended. */
    static final class Call implements ClientResponseObserver<ConverseRequest, ConverseResponse> {
        final Queue<ConverseResponse> received = new ConcurrentLinkedQueue<>();
        final CompletableFuture<Status> ended = new CompletableFuture<>();
        private final int initialRequests;
        volatile ClientCallStreamObserver<ConverseRequest> requests;

        Call(int initialRequests) {
            this.initialRequests = initialRequests;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ConverseRequest> stream) {
            requests = stream;
            if (initialRequests >= 0) {
                stream.disableAutoRequestWithInitial(initialRequests);
            }
        }

        @Override
        public void onNext(ConverseResponse value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            ended.complete(Status.OK);
        }

        List<String> replies() {
            return received.stream().filter(ConverseResponse::hasReply).map(r -> r.getReply().getText()).toList();
        }
    }

    private Call call(int initialRequests) {
        Call c = new Call(initialRequests);
        ConversationServiceGrpc.newStub(channel).converse(c);
        return c;
    }

    private static ConverseRequest open(String bot, long after) {
        return ConverseRequest.newBuilder().setOpen(ConverseOpen.newBuilder().setBotId(bot).setConversation("c")
                .setUserId("u").setResumeAfterSeq(after)).build();
    }

    private static ConverseRequest message(String text, String id) {
        return ConverseRequest.newBuilder().setMessage(ConverseMessage.newBuilder().setText(text).setMessageId(id))
                .build();
    }

    @Test
    void repliesArriveOnceInOrderAndAHalfCloseEndsTheCallAfterThem() throws Exception {
        bots.append("earlier", "m0");
        Call c = call(-1);
        c.requests.onNext(open("echo", 0));
        c.requests.onNext(message("a", "m1"));
        c.requests.onNext(message("b", "m2"));
        c.requests.onNext(message("a", "m1")); // a retry: handled before, no new reply
        c.requests.onNext(message("c", ""));   // the front makes an id
        c.requests.onCompleted();
        assertThat(c.ended.get(20, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        assertThat(c.replies()).containsExactly("earlier", "echo: a", "echo: b", "echo: c");
        List<ConverseResponse> all = List.copyOf(c.received);
        assertThat(all.get(1).hasReady()).as("ready right after the catch-up").isTrue();
        assertThat(all.get(1).getReady().getLastSeq()).isEqualTo(1);
        assertThat(all.get(1).getReady().getSession().getTeam()).isEqualTo("default");
        assertThat(all.get(1).getReady().getSession().getPlatform()).isEqualTo("grpc");
        assertThat(all.get(4).getReply().getInReplyTo()).as("a generated message id").isNotEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> bots.followers() == 0 && service.openStreams() == 0);
    }

    @Test
    void aResumedCallStartsAfterTheGivenSeq() throws Exception {
        for (int i = 1; i <= 5; i++) {
            bots.append("r" + i, "m" + i);
        }
        Call c = call(-1);
        c.requests.onNext(open("echo", 3));
        c.requests.onCompleted();
        assertThat(c.ended.get(20, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        assertThat(c.replies()).containsExactly("r4", "r5");
    }

    @Test
    void refusesAFirstRequestThatIsNotOpenAndAnUnknownBot() throws Exception {
        Call noOpen = call(-1);
        noOpen.requests.onNext(message("hi", "m1"));
        Status status = noOpen.ended.get(20, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("the first request of Converse must be 'open'");

        Call ghost = call(-1);
        ghost.requests.onNext(open("ghost", 0));
        Status missing = ghost.ended.get(20, TimeUnit.SECONDS);
        assertThat(missing.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(missing.getDescription()).isEqualTo("bot 'ghost' does not exist");

        Call twice = call(-1);
        twice.requests.onNext(open("echo", 0));
        twice.requests.onNext(open("echo", 0));
        assertThat(twice.ended.get(20, TimeUnit.SECONDS).getDescription()).contains("a second 'open'");
        assertThat(bots.handled).isEmpty();
    }

    @Test
    void cancellingReleasesTheFollower() throws Exception {
        Call c = call(-1);
        c.requests.onNext(open("echo", 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> bots.followers() == 1);
        bots.append("pushed", "elsewhere");
        await().atMost(Duration.ofSeconds(10)).until(() -> c.replies().contains("pushed"));
        c.requests.cancel("done", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> bots.followers() == 0 && service.openStreams() == 0);
    }

    @Test
    void aCallerThatDoesNotReadIsDroppedNotBufferedForever() throws Exception {
        String big = "x".repeat(4_096);
        for (int i = 0; i < ConverseStream.MAX_QUEUED + 200; i++) {
            bots.append(big, "m" + i);
        }
        Call c = call(1); // reads one response, then nothing
        c.requests.onNext(open("echo", 0));
        await().atMost(Duration.ofSeconds(20)).until(() -> service.openStreams() == 0 && bots.followers() == 0);
        assertThat(c.received.size()).isLessThan(ConverseStream.MAX_QUEUED);
        c.requests.cancel("test over", null);
    }

    @Test
    void aStoppingNodeTellsTheCallerWhereToResume() throws Exception {
        Call c = call(-1);
        c.requests.onNext(open("echo", 0));
        c.requests.onNext(message("a", "m1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> c.replies().size() == 1);
        service.closeAll();
        Status status = c.ended.get(20, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).isEqualTo("node n1 is stopping; open the conversation again with "
                + "resume_after_seq=1 through another node");
        assertThat(bots.followers()).isZero();
    }
}
