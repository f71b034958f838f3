package io.botgrid.it.grpc;

import static io.botgrid.it.grpc.GrpcTestSupport.bearer;
import static io.botgrid.it.grpc.GrpcTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorTypes;
import io.botgrid.cli.BotgridCli;
import io.botgrid.client.BotQuery;
import io.botgrid.client.BotgridClient;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.proto.v1.ActorEvent;
import io.botgrid.proto.v1.ActorServiceGrpc;
import io.botgrid.proto.v1.ActorTypeDescription;
import io.botgrid.proto.v1.BotCommand;
import io.botgrid.proto.v1.BotCreate;
import io.botgrid.proto.v1.BotGet;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.BotServiceGrpc.BotServiceBlockingStub;
import io.botgrid.proto.v1.BotSetState;
import io.botgrid.proto.v1.BotState;
import io.botgrid.proto.v1.CallActorRequest;
import io.botgrid.proto.v1.DescribeActorTypeRequest;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.ConverseMessage;
import io.botgrid.proto.v1.ConverseOpen;
import io.botgrid.proto.v1.ConverseRequest;
import io.botgrid.proto.v1.ConverseResponse;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.FollowEventsRequest;
import io.botgrid.proto.v1.GetBotRequest;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.GetPlacementRequest;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.ListSessionsRequest;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.proto.v1.SessionCommand;
import io.botgrid.proto.v1.SessionGet;
import io.botgrid.proto.v1.SessionRef;
import io.botgrid.samples.CounterBehavior;
import io.botgrid.testkit.TestCluster;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The generic actor API (ActorService Call and FollowEvents) against every built-in actor type with every role, on a
 * real node with the bot platform and API keys: the platform's {@code bot} and {@code session} types are unreachable
 * (NOT_FOUND, worded as an unknown type), the sample {@code counter} type is reachable by clients and admins only.
 * Then every path a caller can take to a bot with known secrets, none of which may return a secret in full.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GrpcActorExposureTest {
    private static final Map<Role, String> KEYS = Map.of(
            Role.CLIENT, "client-" + UUID.randomUUID(),
            Role.OPERATOR, "operator-" + UUID.randomUUID(),
            Role.ADMIN, "admin-" + UUID.randomUUID());
    private static final String SIGNING_SECRET = "signing-" + UUID.randomUUID();
    private static final String BOT_TOKEN = "xoxb-" + UUID.randomUUID();
    private static final String WEBHOOK_SECRET = "webhook-" + UUID.randomUUID();
    private static final String HANDLER_SECRET = "handler " + UUID.randomUUID() + ", with a space";
    private static final List<String> SECRETS = List.of(SIGNING_SECRET, BOT_TOKEN, WEBHOOK_SECRET, HANDLER_SECRET);

    private static final String BOT = "leaky";
    private static final String HOOKED = "hooked";
    private static final String VICTIM = "victim";
    private static final String COUNTER_KEY = "visits";
    private static final SessionRef SESSION = SessionRef.newBuilder().setBotId(BOT).setPlatform("grpc")
            .setTeam("t1").setConversation("c1").build();
    private static final String SESSION_KEY = BOT + "|grpc|t1|c1";

    private static TestCluster cluster;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        List<ApiKey> keys = List.of(ApiKey.of("app", KEYS.get(Role.CLIENT), Role.CLIENT),
                ApiKey.of("dashboard", KEYS.get(Role.OPERATOR), Role.OPERATOR),
                ApiKey.of("ops", KEYS.get(Role.ADMIN), Role.ADMIN));
        cluster = TestCluster.builder().nodes(1)
                .actorTypes(ActorTypes.builder().register(CounterBehavior.TYPE, new CounterBehavior()).build())
                .configure(b -> b.grpcApiKeys(keys))
                .start();
        channel = GrpcTestSupport.plaintext(cluster.node(0));

        BotServiceBlockingStub admin = bots(Role.ADMIN);
        admin.createBot(CreateBotRequest.newBuilder().setBotId(BOT).setName("Leaky").setHandler("echo").build());
        admin.connectChannel(ConnectChannelRequest.newBuilder().setBotId(BOT).setKind(ChannelKind.CHANNEL_KIND_SLACK)
                .putSettings("signing_secret", SIGNING_SECRET).putSettings("bot_token", BOT_TOKEN).build());
        admin.connectChannel(ConnectChannelRequest.newBuilder().setBotId(BOT)
                .setKind(ChannelKind.CHANNEL_KIND_WEBHOOK).putSettings("secret", WEBHOOK_SECRET)
                .putSettings("url", "http://127.0.0.1:9/replies").build());
        admin.createBot(CreateBotRequest.newBuilder().setBotId(HOOKED).setName("Hooked").setHandler("webhook")
                .setHandlerSettings("url: http://127.0.0.1:9/handle\nsecret: \"" + HANDLER_SECRET + "\"\n").build());
        admin.createBot(CreateBotRequest.newBuilder().setBotId(VICTIM).setName("Victim").setHandler("echo").build());
        // One message, so that the session exists and has events; one counter event.
        ConversationServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(KEYS.get(Role.CLIENT)))
                .withDeadlineAfter(20, TimeUnit.SECONDS).sendMessage(SendMessageRequest.newBuilder().setBotId(BOT)
                        .setTeam(SESSION.getTeam()).setConversation(SESSION.getConversation()).setUserId("u1")
                        .setText("hello").setMessageId("m1").build());
        actors(Role.ADMIN).call(CallActorRequest.newBuilder().setActorType(CounterBehavior.TYPE)
                .setActorKey(COUNTER_KEY).setCommand(Any.pack(StringValue.of("add:1"))).build());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            if (channel != null) {
                GrpcTestSupport.close(List.of(channel));
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static ActorServiceGrpc.ActorServiceBlockingStub actors(Role role) {
        return ActorServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(KEYS.get(role)))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static BotServiceBlockingStub bots(Role role) {
        return BotServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(KEYS.get(role)))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------------------------ (a) the matrix

    enum Access { CALL, FOLLOW }

    /** A key with data and a well-typed command for each built-in type, so that only exposure can refuse. */
    private record Target(String type, String key, Message command) {
    }

    private static final Map<String, Target> TARGETS = Map.of(
            "bot", new Target("bot", BOT, BotCommand.newBuilder().setGet(BotGet.getDefaultInstance()).build()),
            "session", new Target("session", SESSION_KEY,
                    SessionCommand.newBuilder().setGet(SessionGet.getDefaultInstance()).build()),
            CounterBehavior.TYPE, new Target(CounterBehavior.TYPE, COUNTER_KEY, StringValue.of("get")));

    /** Every role × every type the node registers by default × Call and FollowEvents, with the answer due. */
    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Role role : Role.values()) {
            for (String type : List.of("bot", "session", CounterBehavior.TYPE)) {
                for (Access access : Access.values()) {
                    Status.Code expected = !type.equals(CounterBehavior.TYPE) ? Status.Code.NOT_FOUND
                            : role == Role.OPERATOR ? Status.Code.PERMISSION_DENIED : Status.Code.OK;
                    rows.add(Arguments.of(role, type, access, expected));
                }
            }
        }
        return rows.stream();
    }

    @Test
    void theMatrixCoversEveryTypeTheNodeRegisters() {
        assertThat(cluster.node(0).actorTypes().names()).containsExactlyInAnyOrderElementsOf(TARGETS.keySet());
    }

    @ParameterizedTest(name = "{0} {2} {1} -> {3}")
    @MethodSource("matrix")
    void genericActorApiAnswersPerTypeAndRole(Role role, String type, Access access, Status.Code expected)
            throws Exception {
        Target target = TARGETS.get(type);
        if (expected == Status.Code.OK) {
            if (access == Access.CALL) {
                Any reply = actors(role).call(call(target)).getReply();
                assertThat(reply.is(Int64Value.class)).isTrue();
            } else {
                assertThat(firstEvent(role, target).getSeq()).isEqualTo(1);
            }
            return;
        }
        Status status = failure(expected, () -> {
            if (access == Access.CALL) {
                actors(role).call(call(target));
            } else {
                firstEvent(role, target);
            }
        });
        if (expected == Status.Code.NOT_FOUND) {
            assertThat(status.getDescription()).as("worded as an unknown type, naming no internal type")
                    .isEqualTo("no actor type '" + type + "' is exposed on node node-0; exposed types: [counter]");
        } else {
            assertThat(status.getDescription()).isEqualTo("role 'operator' of api-key:dashboard may not "
                    + (access == Access.CALL ? "call" : "follow the events of") + " actors of type 'counter': it "
                    + "allows [admin, client]");
        }
    }

    @Test
    void describeActorTypeAnswersWhoMayCallTheTypeAndNoOneElse() {
        for (Role role : Role.values()) {
            for (String type : List.of("bot", "session", CounterBehavior.TYPE)) {
                DescribeActorTypeRequest request = DescribeActorTypeRequest.newBuilder().setActorType(type).build();
                if (type.equals(CounterBehavior.TYPE) && role != Role.OPERATOR) {
                    ActorTypeDescription d = actors(role).describeActorType(request);
                    assertThat(d).isEqualTo(ActorTypeDescription.newBuilder().setActorType(type)
                            .setCommandType("google.protobuf.StringValue").setEventType("google.protobuf.Int64Value")
                            .setReplyType("google.protobuf.Int64Value").build());
                } else if (type.equals(CounterBehavior.TYPE)) {
                    failure(Status.Code.PERMISSION_DENIED, () -> actors(role).describeActorType(request));
                } else {
                    Status status = failure(Status.Code.NOT_FOUND, () -> actors(role).describeActorType(request));
                    assertThat(status.getDescription()).isEqualTo("no actor type '" + type
                            + "' is exposed on node node-0; exposed types: [counter]");
                }
            }
        }
        failure(Status.Code.INVALID_ARGUMENT, () -> actors(Role.ADMIN).describeActorType(
                DescribeActorTypeRequest.getDefaultInstance()));
    }

    @Test
    void aClientCannotCreateOrDeleteABotThroughTheActorApi() {
        BotCommand delete = BotCommand.newBuilder().setSetState(BotSetState.newBuilder()
                .setState(BotState.BOT_STATE_DELETED)).build();
        BotCommand create = BotCommand.newBuilder().setCreate(BotCreate.newBuilder().setName("x").setHandler("echo"))
                .build();
        failure(Status.Code.NOT_FOUND, () -> actors(Role.CLIENT).call(call(new Target("bot", VICTIM, delete))));
        failure(Status.Code.NOT_FOUND, () -> actors(Role.CLIENT).call(call(new Target("bot", "made-by-client",
                create))));
        assertThat(bots(Role.ADMIN).getBot(GetBotRequest.newBuilder().setBotId(VICTIM).build()).getState())
                .isEqualTo(BotState.BOT_STATE_ACTIVE);
        failure(Status.Code.NOT_FOUND, () -> bots(Role.ADMIN).getBot(GetBotRequest.newBuilder()
                .setBotId("made-by-client").build()));
    }

    private static CallActorRequest call(Target target) {
        return CallActorRequest.newBuilder().setActorType(target.type()).setActorKey(target.key())
                .setCommand(Any.pack(target.command())).build();
    }

    /** Follows the actor and returns its first event, then cancels the stream. */
    private static ActorEvent firstEvent(Role role, Target target) throws Exception {
        try (Context.CancellableContext context = Context.current().withCancellation()) {
            return context.call(() -> {
                Iterator<ActorEvent> events = actors(role).followEvents(FollowEventsRequest.newBuilder()
                        .setActorType(target.type()).setActorKey(target.key()).setFromSeq(1).build());
                return events.next();
            });
        }
    }

    // ------------------------------------------------------------------------------------ (b) no secret leaves

    /** Everything a caller received: reply bytes, event bytes, error descriptions, SDK and CLI output. */
    private static final class Received {
        final List<byte[]> items = new ArrayList<>();
        int answers;

        void message(Message m) {
            items.add(m.toByteArray());
            answers++;
        }

        void text(String s) {
            items.add(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
        }

        /** Runs a call; its reply or its error description is recorded. */
        void attempt(ThrowingSupplier<? extends Message> call) {
            try {
                message(call.get());
            } catch (StatusRuntimeException e) {
                text(e.getStatus().getCode() + " " + e.getStatus().getDescription());
            } catch (Exception e) {
                text(e.toString());
            }
        }

        boolean contains(byte[] needle) {
            return items.stream().anyMatch(hay -> indexOf(hay, needle) >= 0);
        }

        private static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i <= hay.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    @Test
    void noApiPathReturnsAConfiguredSecret() throws Exception {
        Received got = new Received();
        for (Role role : Role.values()) {
            BotServiceBlockingStub bots = bots(role);
            for (String bot : List.of(BOT, HOOKED)) {
                got.attempt(() -> bots.getBot(GetBotRequest.newBuilder().setBotId(bot).build()));
                got.attempt(() -> bots.getBotStats(GetBotRequest.newBuilder().setBotId(bot).build()));
                got.attempt(() -> actors(role).call(call(TARGETS.get("bot"))));
                got.attempt(() -> actors(role).call(call(new Target("bot", bot, TARGETS.get("bot").command()))));
                got.attempt(() -> firstEvent(role, new Target("bot", bot, null)));
                got.attempt(() -> ClusterServiceGrpc.newBlockingStub(channel).withInterceptors(
                        bearer(KEYS.get(role))).getPlacement(GetPlacementRequest.newBuilder().setActorType("bot")
                        .setActorKey(bot).build()));
            }
            got.attempt(() -> bots.listBots(ListBotsRequest.getDefaultInstance()));
            got.attempt(() -> actors(role).call(call(TARGETS.get("session"))));
            got.attempt(() -> firstEvent(role, TARGETS.get("session")));
            var conversations = ConversationServiceGrpc.newBlockingStub(channel).withInterceptors(
                    bearer(KEYS.get(role))).withDeadlineAfter(20, TimeUnit.SECONDS);
            got.attempt(() -> conversations.sendMessage(SendMessageRequest.newBuilder().setBotId(BOT)
                    .setTeam(SESSION.getTeam()).setConversation(SESSION.getConversation()).setUserId("u1")
                    .setText("what is the secret?").setMessageId("m-" + role).build()));
            got.attempt(() -> conversations.getHistory(GetHistoryRequest.newBuilder().setSession(SESSION).build()));
            got.attempt(() -> conversations.listSessions(ListSessionsRequest.newBuilder().setBotId(BOT).build()));
            converse(role, got);
        }
        assertThat(got.answers).as("the admin's and operator's reads answered").isGreaterThanOrEqualTo(8);

        // The SDK's views and the CLI's output, as an operator and an admin see them.
        for (Role role : List.of(Role.OPERATOR, Role.ADMIN)) {
            try (BotgridClient client = BotgridClient.builder().endpoints("127.0.0.1:" + cluster.node(0).grpcPort())
                    .token(KEYS.get(role)).defaultDeadline(Duration.ofSeconds(20)).build()) {
                got.text(client.bots().getBlocking(BOT).toString());
                got.text(client.bots().getBlocking(HOOKED).toString());
                got.text(client.bots().listBlocking(BotQuery.all()).toString());
            }
            for (String bot : List.of(BOT, HOOKED)) {
                got.text(cli("bots", "get", bot, "-e", "127.0.0.1:" + cluster.node(0).grpcPort(), "--token",
                        KEYS.get(role)));
            }
            got.text(cli("bots", "list", "-e", "127.0.0.1:" + cluster.node(0).grpcPort(), "--token",
                    KEYS.get(role)));
        }
        for (String secret : SECRETS) {
            // Not the whole secret, nor any part of it but the last four characters masking shows.
            String hidden = secret.substring(8, secret.length() - 4);
            assertThat(got.contains(hidden.getBytes(StandardCharsets.UTF_8)))
                    .as("a reply contains (part of) the secret '" + secret + "'").isFalse();
        }
        assertThat(got.contains(("…" + BOT_TOKEN.substring(BOT_TOKEN.length() - 4)).getBytes(StandardCharsets.UTF_8)))
                .as("the bot token was read back, masked").isTrue();
        assertThat(got.contains(("…" + HANDLER_SECRET.substring(HANDLER_SECRET.length() - 4))
                .getBytes(StandardCharsets.UTF_8))).as("the handler secret was read back, masked").isTrue();
    }

    /** One Converse exchange; its responses (or its error) are recorded. */
    private static void converse(Role role, Received got) {
        Queue<ConverseResponse> responses = new ConcurrentLinkedQueue<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        StreamObserver<ConverseRequest> requests = ConversationServiceGrpc.newStub(channel)
                .withInterceptors(bearer(KEYS.get(role))).withDeadlineAfter(20, TimeUnit.SECONDS)
                .converse(new StreamObserver<>() {
                    @Override
                    public void onNext(ConverseResponse value) {
                        responses.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        errors.add(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ConverseRequest.newBuilder().setOpen(ConverseOpen.newBuilder().setBotId(BOT)
                .setTeam("t2").setConversation("c-" + role).setUserId("u2")).build());
        requests.onNext(ConverseRequest.newBuilder().setMessage(ConverseMessage.newBuilder().setText("token?")
                .setMessageId("cm-" + role)).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> !errors.isEmpty()
                || responses.stream().anyMatch(ConverseResponse::hasReply));
        requests.onCompleted();
        responses.forEach(got::message);
        errors.forEach(e -> got.text(Status.fromThrowable(e).toString()));
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BotgridCli.commandLine(new ByteArrayInputStream(new byte[0]));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        assertThat(exit).as(err.toString()).isZero();
        return out + "\n" + err;
    }
}
