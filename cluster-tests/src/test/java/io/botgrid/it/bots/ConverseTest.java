package io.botgrid.it.bots;

import static io.botgrid.it.bots.BotTestSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.client.BotSpec;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.Conversation;
import io.botgrid.client.ConversationListener;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.Reply;
import io.botgrid.client.SessionRef;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.ConverseMessage;
import io.botgrid.proto.v1.ConverseOpen;
import io.botgrid.proto.v1.ConverseRequest;
import io.botgrid.proto.v1.ConverseResponse;
import io.botgrid.testkit.TestCluster;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Converse stream on a real 2-node cluster: order, resumption without loss or repeat, and its refusals. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConverseTest {
    private static TestCluster cluster;
    private static BotgridClient viaNode0;
    private static BotgridClient viaNode1;

    @BeforeAll
    static void start() {
        cluster = BotTestSupport.cluster(b -> b);
        viaNode0 = BotTestSupport.client(cluster, 0, null);
        viaNode1 = BotTestSupport.client(cluster, 1, null);
        viaNode0.bots().createBlocking(BotSpec.of("Echo", "echo").withId("echo"));
    }

    @AfterAll
    static void stop() {
        viaNode0.close();
        viaNode1.close();
        cluster.close();
    }

    /** Records what a conversation delivers. */
    static final class Recorder implements ConversationListener {
        final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
        final Queue<Long> readies = new ConcurrentLinkedQueue<>();
        final Queue<BotgridException> errors = new ConcurrentLinkedQueue<>();

        @Override
        public void onReply(Reply reply) {
            replies.add(reply);
        }

        @Override
        public void onReady(SessionRef session, long lastSeq) {
            readies.add(lastSeq);
        }

        @Override
        public void onError(BotgridException error) {
            errors.add(error);
        }

        List<String> texts() {
            return BotTestSupport.texts(List.copyOf(replies));
        }

        List<Long> seqs() {
            return replies.stream().map(Reply::seq).toList();
        }
    }

    @Test
    void repliesComeInOrderAndAResumedConversationMissesAndRepeatsNothing() throws Exception {
        ConversationRef ref = ConversationRef.of("echo", "c-" + UUID.randomUUID(), "alice");
        Recorder first = new Recorder();
        Conversation c = viaNode0.conversations().open(ref, 0, first);
        assertThat(c.ready().get(20, TimeUnit.SECONDS)).isZero();
        List<String> sent = List.of("one", "two", "three", "four", "five");
        List<String> ids = sent.stream().map(c::send).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.replies.size() >= 5);
        assertThat(first.texts()).containsExactlyElementsOf(sent);
        assertThat(first.replies).extracting(Reply::inReplyTo).containsExactlyElementsOf(ids);
        assertThat(first.seqs()).isSorted().doesNotHaveDuplicates();
        long seen = c.lastSeq();
        assertThat(seen).isEqualTo(first.replies.stream().mapToLong(Reply::seq).max().orElseThrow());
        c.cancel();

        // while nobody listens, the bot answers another client
        assertThat(texts(viaNode1.conversations().sendBlocking(ref, "six").replies())).containsExactly("six");

        Recorder second = new Recorder();
        Conversation resumed = viaNode1.conversations().open(ref, seen, second);
        long caughtUp = resumed.ready().get(20, TimeUnit.SECONDS);
        assertThat(second.texts()).as("only what was missed").containsExactly("six");
        assertThat(caughtUp).isEqualTo(second.replies.peek().seq());
        resumed.send("seven");
        await().atMost(Duration.ofSeconds(30)).until(() -> second.replies.size() >= 2);
        resumed.close();
        resumed.closed().get(20, TimeUnit.SECONDS);
        assertThat(second.texts()).containsExactly("six", "seven");
        assertThat(second.seqs()).isSorted().doesNotHaveDuplicates().allSatisfy(s -> assertThat(s).isGreaterThan(seen));
        assertThat(second.errors).isEmpty();

        Recorder all = new Recorder();
        Conversation replay = viaNode0.conversations().open(ref, 0, all);
        replay.ready().get(20, TimeUnit.SECONDS);
        replay.cancel();
        assertThat(all.texts()).as("from 0: the whole session once")
                .containsExactly("one", "two", "three", "four", "five", "six", "seven");
    }

    @Test
    void closingWaitsForTheRepliesToTheLastMessages() throws Exception {
        Recorder r = new Recorder();
        Conversation c = viaNode1.conversations().open(ConversationRef.of("echo", "c-" + UUID.randomUUID(), "bob"),
                0, r);
        c.ready().get(20, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            c.send("m" + i);
        }
        c.close();
        c.closed().get(30, TimeUnit.SECONDS);
        assertThat(r.replies).hasSize(20);
        assertThat(r.texts()).startsWith("m0", "m1").endsWith("m19");
    }

    @Test
    void openingForAMissingBotFailsWithNotFound() throws Exception {
        Recorder r = new Recorder();
        Conversation c = viaNode0.conversations().open(ConversationRef.of("ghost", "c", "u"), 0, r);
        await().atMost(Duration.ofSeconds(20)).until(() -> c.closed().isDone());
        assertThat(r.errors).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains("ghost");
        });
    }

    @Test
    void theFirstRequestMustBeOpen() throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilder(BotTestSupport.endpoint(cluster, 0),
                InsecureChannelCredentials.create()).build();
        try {
            CompletableFuture<Status> ended = new CompletableFuture<>();
            StreamObserver<ConverseRequest> requests = ConversationServiceGrpc.newStub(channel)
                    .converse(new StreamObserver<>() {
                        @Override
                        public void onNext(ConverseResponse value) {
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(Status.OK);
                        }
                    });
            requests.onNext(ConverseRequest.newBuilder().setMessage(ConverseMessage.newBuilder().setText("hi"))
                    .build());
            Status status = ended.get(20, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("first request of Converse must be 'open'");

            CompletableFuture<Status> twice = new CompletableFuture<>();
            StreamObserver<ConverseRequest> again = ConversationServiceGrpc.newStub(channel)
                    .converse(new StreamObserver<>() {
                        @Override
                        public void onNext(ConverseResponse value) {
                        }

                        @Override
                        public void onError(Throwable t) {
                            twice.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            twice.complete(Status.OK);
                        }
                    });
            ConverseRequest open = ConverseRequest.newBuilder().setOpen(ConverseOpen.newBuilder().setBotId("echo")
                    .setConversation("c-twice").setResumeAfterSeq(-1)).build();
            again.onNext(open);
            Status negative = twice.get(20, TimeUnit.SECONDS);
            assertThat(negative.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(negative.getDescription()).contains("resume_after_seq must be >= 0");
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
