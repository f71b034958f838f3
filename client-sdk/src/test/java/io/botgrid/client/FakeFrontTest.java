package io.botgrid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRef;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.ConverseReady;
import io.botgrid.proto.v1.ConverseRequest;
import io.botgrid.proto.v1.ConverseResponse;
import io.botgrid.proto.v1.CreateBotRequest;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SDK's retry and reconnect rules against fake fronts on real sockets: no cluster, only the protocol as the
 * contract states it, so these tests pin the client's half of it.
 */
@Timeout(60)
class FakeFrontTest {
    private final List<Server> servers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Server s : servers) {
            s.shutdownNow();
            s.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private String serve(io.grpc.BindableService... services) throws IOException {
        io.grpc.ServerBuilder<?> b = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create());
        for (io.grpc.BindableService s : services) {
            b.addService(s);
        }
        Server server = b.build().start();
        servers.add(server);
        return "127.0.0.1:" + server.getPort();
    }

    private static BotgridClient client(String... endpoints) {
        return BotgridClient.builder().endpoints(endpoints).defaultDeadline(Duration.ofSeconds(10))
                .retryPolicy(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50))).build();
    }

    @Test
    void aRetriedChangeReusesItsIdempotencyKeyAndEachCallHasItsOwn() throws IOException {
        Queue<String> createKeys = new ConcurrentLinkedQueue<>();
        Queue<String> pauseKeys = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        String endpoint = serve(new BotServiceGrpc.BotServiceImplBase() {
            @Override
            public void createBot(CreateBotRequest request, StreamObserver<Bot> responses) {
                createKeys.add(request.getIdempotencyKey());
                if (calls.incrementAndGet() == 1) {
                    responses.onError(Status.UNAVAILABLE.withDescription("node stopping").asRuntimeException());
                    return;
                }
                responses.onNext(Bot.newBuilder().setBotId(request.getBotId()).setName(request.getName())
                        .setHandler(request.getHandler()).setState(io.botgrid.proto.v1.BotState.BOT_STATE_ACTIVE)
                        .build());
                responses.onCompleted();
            }

            @Override
            public void pauseBot(BotRef request, StreamObserver<Bot> responses) {
                pauseKeys.add(request.getIdempotencyKey());
                responses.onError(Status.ALREADY_EXISTS.withDescription("whatever").asRuntimeException());
            }
        });
        try (BotgridClient client = client(endpoint)) {
            BotView bot = client.bots().createBlocking(BotSpec.of("Echo", "echo").withId("echo-1"));
            assertThat(bot.id()).isEqualTo("echo-1");
            assertThat(bot.state()).isEqualTo(BotState.ACTIVE);
            assertThat(createKeys).hasSize(2).doesNotContain("");
            assertThat(Set.copyOf(createKeys)).as("the retry reused the key").hasSize(1);

            client.bots().createBlocking(BotSpec.of("Echo", "echo").withIdempotencyKey("mine"));
            assertThat(createKeys).hasSize(3).last().isEqualTo("mine");

            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> client.bots().pauseBlocking("echo-1")).isInstanceOf(BotgridException.class)
                        .extracting(e -> ((BotgridException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
            }
            assertThat(Set.copyOf(pauseKeys)).as("two calls, two keys").hasSize(2);
        }
    }

    /** A session's replies as the fake fronts share it: a journal and the message ids handled. */
    private static final class FakeSession {
        final List<io.botgrid.proto.v1.Reply> journal = new ArrayList<>();
        final Set<String> handled = new HashSet<>();
        final List<String> handledInOrder = new ArrayList<>();
        final List<StreamObserver<ConverseResponse>> streams = new ArrayList<>();

        synchronized void open(StreamObserver<ConverseResponse> stream, long after) {
            for (io.botgrid.proto.v1.Reply r : journal) {
                if (r.getSeq() > after) {
                    stream.onNext(ConverseResponse.newBuilder().setReply(r).build());
                }
            }
            stream.onNext(ConverseResponse.newBuilder().setReady(ConverseReady.newBuilder().setLastSeq(journal.size()))
                    .build());
            streams.add(stream);
        }

        /** Handles a message once; returns its reply if new, to be delivered by the caller. */
        synchronized io.botgrid.proto.v1.Reply handle(String id, String text) {
            if (!handled.add(id)) {
                return null;
            }
            handledInOrder.add(text);
            io.botgrid.proto.v1.Reply r = io.botgrid.proto.v1.Reply.newBuilder().setReplyId("r" + (journal.size() + 1))
                    .setSeq(journal.size() + 1).setText("echo: " + text).setInReplyTo(id).build();
            journal.add(r);
            return r;
        }

        synchronized void deliver(io.botgrid.proto.v1.Reply r) {
            for (StreamObserver<ConverseResponse> s : streams) {
                s.onNext(ConverseResponse.newBuilder().setReply(r).build());
            }
        }

        synchronized void drop(StreamObserver<ConverseResponse> stream) {
            streams.remove(stream);
        }
    }

    /** A front that, when {@code failOnMessage} > 0, stores that message's reply and then fails with UNAVAILABLE. */
    private static ConversationServiceGrpc.ConversationServiceImplBase front(FakeSession session, int failOnMessage,
                                                                         Queue<Long> opens) {
        return new ConversationServiceGrpc.ConversationServiceImplBase() {
            @Override
            public StreamObserver<ConverseRequest> converse(StreamObserver<ConverseResponse> responses) {
                AtomicInteger messages = new AtomicInteger();
                return new StreamObserver<>() {
                    private boolean failed;

                    @Override
                    public void onNext(ConverseRequest request) {
                        if (failed) {
                            return;
                        }
                        if (request.hasOpen()) {
                            opens.add(request.getOpen().getResumeAfterSeq());
                            session.open(responses, request.getOpen().getResumeAfterSeq());
                            return;
                        }
                        io.botgrid.proto.v1.Reply r = session.handle(request.getMessage().getMessageId(),
                                request.getMessage().getText());
                        if (messages.incrementAndGet() == failOnMessage) {
                            failed = true;
                            session.drop(responses);
                            responses.onError(Status.UNAVAILABLE.withDescription("node stopping")
                                    .asRuntimeException());
                        } else if (r != null) {
                            session.deliver(r);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        session.drop(responses);
                    }

                    @Override
                    public void onCompleted() {
                        session.drop(responses);
                        if (!failed) {
                            responses.onCompleted();
                        }
                    }
                };
            }
        };
    }

    @Test
    void aConversationReopensElsewhereAfterTheLastReplyAndResendsWhatWasNotAnswered() throws Exception {
        FakeSession session = new FakeSession();
        Queue<Long> opensA = new ConcurrentLinkedQueue<>();
        Queue<Long> opensB = new ConcurrentLinkedQueue<>();
        String a = serve(front(session, 2, opensA));
        String b = serve(front(session, 0, opensB));
        Queue<Reply> replies = new ConcurrentLinkedQueue<>();
        Queue<Long> readies = new ConcurrentLinkedQueue<>();
        try (BotgridClient client = client(a, b)) {
            Conversation c = client.conversations().open(ConversationRef.of("echo", "c1", "alice"), 0,
                    new ConversationListener() {
                        @Override
                        public void onReply(Reply reply) {
                            replies.add(reply);
                        }

                        @Override
                        public void onReady(SessionRef s, long lastSeq) {
                            readies.add(lastSeq);
                        }
                    });
            assertThat(c.ready().get(10, TimeUnit.SECONDS)).isZero();
            c.send("one");
            await().atMost(Duration.ofSeconds(10)).until(() -> replies.size() == 1);
            c.send("two");   // front A stores its reply, then fails before delivering it
            c.send("three");
            await().atMost(Duration.ofSeconds(10)).until(() -> replies.size() >= 3);
            assertThat(replies).extracting(Reply::text).containsExactly("echo: one", "echo: two", "echo: three");
            assertThat(replies).extracting(Reply::seq).containsExactly(1L, 2L, 3L);
            assertThat(opensA).containsExactly(0L);
            assertThat(opensB).as("reopened after the last reply seen").containsExactly(1L);
            assertThat(readies).containsExactly(0L, 2L);
            assertThat(session.handledInOrder).as("each message handled once").containsExactly("one", "two", "three");
            assertThat(c.lastSeq()).isEqualTo(3);

            c.close();
            c.closed().get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> c.send("four")).isInstanceOf(IllegalStateException.class);
            assertThat(replies).hasSize(3);
        }
    }

    @Test
    void aConversationThatCannotOpenReportsTheErrorOnce() throws Exception {
        String endpoint = serve(new ConversationServiceGrpc.ConversationServiceImplBase() {
            @Override
            public StreamObserver<ConverseRequest> converse(StreamObserver<ConverseResponse> responses) {
                responses.onError(Status.NOT_FOUND.withDescription("no bot 'ghost'").asRuntimeException());
                return new StreamObserver<>() {
                    @Override
                    public void onNext(ConverseRequest value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                };
            }
        });
        Queue<BotgridException> errors = new ConcurrentLinkedQueue<>();
        try (BotgridClient client = client(endpoint)) {
            Conversation c = client.conversations().open(ConversationRef.of("ghost", "c", "u"), 0,
                    new ConversationListener() {
                        @Override
                        public void onReply(Reply reply) {
                        }

                        @Override
                        public void onError(BotgridException error) {
                            errors.add(error);
                        }
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> c.closed().isDone());
            assertThat(c.closed()).isCompletedExceptionally();
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(e.getMessage()).isEqualTo("NOT_FOUND: no bot 'ghost'");
            });
        }
    }
}
