package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.JournalEntry;
import io.botgrid.actor.RejectionCode;
import io.botgrid.bots.platform.BotApiException;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.channels.internal.webhook.WebhookSignature;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.proto.v1.SessionEvent;
import io.botgrid.proto.v1.UpdateBotRequest;
import io.botgrid.testkit.TestCluster;
import io.botgrid.workers.ChainSpec;
import io.botgrid.workers.FunctionRef;
import io.botgrid.workers.GroupSpec;
import io.botgrid.workers.Placement;
import io.botgrid.workers.RestartPolicy;
import io.botgrid.workers.cluster.WorkerCluster;
import io.botgrid.workers.spi.WorkerContext;
import io.botgrid.workers.spi.WorkerFunction;
import io.botgrid.workers.spi.WorkerFunctionFactory;
import io.botgrid.workers.spi.WorkerMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bots whose handler is a chain ({@code chain:<id>}) on a real 2-node cluster: messages in through the webhook
 * channel's HTTP endpoint, through a three-stage chain with an end function (wherever it runs), replies out through
 * the outbox to the bot's URL, once; a stopped chain and a too-slow chain fail the message clearly; a chain that does
 * not exist is refused when the bot is created or updated.
 */
@Timeout(180)
class ChainBotTest {
    private static final String SECRET = "chain-bot-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private static TestCluster cluster;
    private static HttpServer receiver;
    private static BotsApi api;
    private static WorkerCluster workers;

    /** Uppercases the text; adds the conversation header it was given, to show the stages see it. */
    static final class Upper implements WorkerFunctionFactory {
        @Override
        public String name() {
            return "upper";
        }

        @Override
        public WorkerFunction create(Map<String, String> settings) {
            return new WorkerFunction() {
                @Override
                public List<WorkerMessage> handle(WorkerMessage input) {
                    return List.of(input.withText(input.text().toUpperCase(Locale.ROOT) + " ["
                            + input.headers().get("botgrid-conversation") + "]"));
                }
            };
        }
    }

    /** Echoes, except for {@code stop}: then it stops itself normally (a transient chain then stays stopped). */
    static final class Gate implements WorkerFunctionFactory {
        @Override
        public String name() {
            return "gate";
        }

        @Override
        public WorkerFunction create(Map<String, String> settings) {
            return new WorkerFunction() {
                private WorkerContext context;

                @Override
                public void init(WorkerContext c) {
                    context = c;
                }

                @Override
                public List<WorkerMessage> handle(WorkerMessage input) {
                    if (input.text().equals("stop")) {
                        context.stopSelf();
                        return List.of();
                    }
                    return List.of(input);
                }
            };
        }
    }

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/replies", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(JSON.readTree(body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        cluster = TestCluster.builder().nodes(2).actorTypes(ActorTypes.none())
                .workerFunctions(List.of(new Upper(), new Gate()))
                .configure(b -> b.handlerTimeout(Duration.ofSeconds(3))).start();
        api = cluster.node(0).bots();
        workers = cluster.node(1).workerCluster();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        receiver.stop(0);
    }

    private static ChainSpec chain(String id, List<ChainSpec.Stage> stages, Optional<FunctionRef> end) {
        return new ChainSpec(id, stages, end, RestartPolicy.of(RestartPolicy.Strategy.TRANSIENT), new Placement.Any());
    }

    /** Declares a chain and waits until it runs, so that the bot's first message finds it started. */
    private static void declareRunning(ChainSpec spec) {
        workers.declare(spec);
        await().atMost(Duration.ofSeconds(30)).until(() -> workers.status(Optional.of(spec.id()))
                .get(30, TimeUnit.SECONDS).stream().anyMatch(s -> s.getState().equals("running")));
    }

    private static void createBot(String id, String handler) {
        api.createBot(CreateBotRequest.newBuilder().setBotId(id).setName("Bot " + id).setHandler(handler).build())
                .join();
        api.connectChannel(ConnectChannelRequest.newBuilder().setBotId(id).setKind(ChannelKind.CHANNEL_KIND_WEBHOOK)
                .putSettings("secret", SECRET)
                .putSettings("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/replies").build())
                .join();
    }

    private static int post(int node, String bot, String messageId, String conversation, String text)
            throws Exception {
        byte[] body = JSON.writeValueAsBytes(Map.of("messageId", messageId, "team", "acme",
                "conversation", conversation, "userId", "u1", "text", text));
        long now = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + cluster.node(node).endpointPort() + "/webhook/" + bot))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(SECRET, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<String> repliesTo(String bot, String conversation) {
        return received.stream().filter(j -> j.path("botId").asText().equals(bot)
                && j.path("conversation").asText().equals(conversation)).map(j -> j.path("text").asText()).toList();
    }

    /** The failures the session recorded in its journal (its {@code handled} events with an error), in order. */
    private static List<String> failuresOf(String bot, String conversation) throws Exception {
        ActorId session = ActorId.of("session", bot + "|webhook|acme|" + conversation);
        List<String> out = new ArrayList<>();
        for (JournalEntry e : cluster.node(0).events().read(session, 1, 1000)) {
            SessionEvent event = SessionEvent.parseFrom(e.event());
            if (event.hasHandled() && event.getHandled().getFailed()) {
                out.add(event.getHandled().getError());
            }
        }
        return out;
    }

    @Test
    void messagesGoThroughTheChainAndItsEndFunctionAndTheRepliesOutThroughTheOutboxOnce() throws Exception {
        declareRunning(chain("shout", List.of(ChainSpec.Stage.of("parse", FunctionRef.of("echo")),
                        ChainSpec.Stage.of("upper", FunctionRef.of("upper")).withInstances(2, 2).withKeyOrdered(true),
                        ChainSpec.Stage.of("pause", FunctionRef.of("delay", Map.of("millis", "5")))),
                Optional.of(FunctionRef.of("gate"))));
        createBot("shouter", "chain:shout");

        assertThat(post(0, "shouter", "m-1", "conv-1", "hello")).isEqualTo(200);
        assertThat(post(1, "shouter", "m-1", "conv-1", "hello")).as("a resent message is handled once")
                .isEqualTo(200);
        assertThat(post(1, "shouter", "m-2", "conv-1", "second")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> repliesTo("shouter", "conv-1").size() >= 2);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> repliesTo("shouter", "conv-1").size() == 2);
        assertThat(repliesTo("shouter", "conv-1")).as("in order, each once")
                .containsExactly("HELLO [conv-1]", "SECOND [conv-1]");
        assertThat(failuresOf("shouter", "conv-1")).isEmpty();

        // The same bot over the grpc platform: the reply comes back with the call.
        assertThat(api.sendMessage(SendMessageRequest.newBuilder().setBotId("shouter").setConversation("c-2")
                .setUserId("u2").setText("direct").setMessageId("g-1").build()).get(30, TimeUnit.SECONDS)
                .getRepliesList()).extracting(r -> r.getText()).containsExactly("DIRECT [c-2]");
    }

    @Test
    void aStoppedChainFailsTheMessageWithItsReasonAndSendsNoReply() throws Exception {
        declareRunning(chain("brittle", List.of(ChainSpec.Stage.of("gate", FunctionRef.of("gate"))),
                Optional.empty()));
        createBot("brittle-bot", "chain:brittle");
        assertThat(post(0, "brittle-bot", "b-1", "conv-b", "first")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> repliesTo("brittle-bot", "conv-b").size() == 1);

        workers.push("brittle", Optional.empty(), WorkerMessage.of("stop")).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> workers.status(Optional.of("brittle"))
                .get(30, TimeUnit.SECONDS).stream().anyMatch(s -> s.getState().equals("stopped")));

        assertThat(post(1, "brittle-bot", "b-2", "conv-b", "second")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !failuresOf("brittle-bot", "conv-b").isEmpty());
        assertThat(failuresOf("brittle-bot", "conv-b")).singleElement().asString()
                .startsWith("handler 'chain:brittle' failed: chain 'brittle': FAILED_PRECONDITION: 'brittle' is "
                        + "stopped");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.stats("brittle-bot")
                .get(30, TimeUnit.SECONDS).getErrors()).isEqualTo(1));
        assertThat(repliesTo("brittle-bot", "conv-b")).containsExactly("first");
    }

    @Test
    void aChainSlowerThanTheHandlerTimeoutFailsTheMessageInsteadOfHanging() throws Exception {
        declareRunning(chain("slow", List.of(ChainSpec.Stage.of("wait", FunctionRef.of("delay",
                Map.of("millis", "20000")))), Optional.empty()));
        createBot("slow-bot", "chain:slow");
        assertThat(post(1, "slow-bot", "s-1", "conv-s", "anyone?")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !failuresOf("slow-bot", "conv-s").isEmpty());
        assertThat(failuresOf("slow-bot", "conv-s")).containsExactly("the handler did not answer within 3000 ms");
        assertThat(repliesTo("slow-bot", "conv-s")).isEmpty();
    }

    @Test
    void aBotNamingAChainThatIsNotDeclaredOrNotAChainIsRefusedAtCreateAndUpdate() {
        workers.declare(new GroupSpec("a-group", List.of(new GroupSpec.Member("m", FunctionRef.of("echo"))),
                RestartPolicy.DEFAULT, new Placement.Any()));
        assertThatThrownBy(() -> api.createBot(CreateBotRequest.newBuilder().setBotId("nochain").setName("n")
                .setHandler("chain:nope").build()).join())
                .satisfies(e -> assertInvalid(e, "handler 'chain:nope': no worker spec 'nope' is declared"));
        assertThatThrownBy(() -> api.createBot(CreateBotRequest.newBuilder().setBotId("nochain").setName("n")
                .setHandler("chain:a-group").build()).join())
                .satisfies(e -> assertInvalid(e, "handler 'chain:a-group': worker spec 'a-group' is a group, "
                        + "not a chain"));
        assertThatThrownBy(() -> api.createBot(CreateBotRequest.newBuilder().setBotId("nochain").setName("n")
                .setHandler("chain:bad id").build()).join())
                .satisfies(e -> assertInvalid(e, "handler 'chain:bad id': a chain id is 1 to 64 letters, digits, "
                        + "'_', '.' or '-'"));

        api.createBot(CreateBotRequest.newBuilder().setBotId("plain").setName("p").setHandler("echo").build()).join();
        assertThatThrownBy(() -> api.updateBot(UpdateBotRequest.newBuilder().setBotId("plain")
                .setHandler("chain:nope").build()).join())
                .satisfies(e -> assertInvalid(e, "handler 'chain:nope': no worker spec 'nope' is declared"));
        assertThat(api.getBot("plain").join().getHandler()).as("the refused update changed nothing").isEqualTo("echo");
    }

    private static void assertInvalid(Throwable e, String message) {
        Throwable cause = e instanceof CompletionException ? e.getCause() : e;
        assertThat(cause).isInstanceOf(BotApiException.class);
        assertThat(((BotApiException) cause).code()).isEqualTo(RejectionCode.INVALID_ARGUMENT);
        assertThat(cause.getMessage()).isEqualTo(message);
    }
}
