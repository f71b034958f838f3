package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.botgrid.actor.ActorTypes;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.channels.internal.webhook.WebhookSignature;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.testkit.TestCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generic webhook channel on a real 2-node cluster: signed JSON in through either node's endpoint, replies POSTed
 * (signed, with an idempotency key) to the bot's URL, retried while that service fails.
 */
class WebhookChannelTest {
    private static final String SECRET = "webhook-channel-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCluster cluster;
    private static HttpServer receiver;
    private static final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private static final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private static final AtomicInteger failNext = new AtomicInteger();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/replies", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean signed = WebhookSignature.verify(SECRET,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), body,
                    java.time.Instant.now()).valid();
            int status = !signed ? 401 : failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
            if (status == 200) {
                received.add(JSON.readTree(body));
                idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        cluster = TestCluster.builder().nodes(2).actorTypes(ActorTypes.none()).start();
        BotsApi api = cluster.node(0).bots();
        api.createBot(CreateBotRequest.newBuilder().setBotId("hook").setName("Webhook echo").setHandler("echo")
                .build()).join();
        api.connectChannel(ConnectChannelRequest.newBuilder().setBotId("hook").setKind(ChannelKind.CHANNEL_KIND_WEBHOOK)
                .putSettings("secret", SECRET)
                .putSettings("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/replies").build()).join();
    }

    @AfterAll
    static void stop() {
        cluster.close();
        receiver.stop(0);
    }

    private static int post(int node, String json, String secret) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        long now = java.time.Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.node(node).endpointPort()
                        + "/webhook/hook"))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<JsonNode> repliesTo(String conversation) {
        return received.stream().filter(j -> j.path("conversation").asText().equals(conversation)).toList();
    }

    @Test
    void signedMessagesAreAnsweredAtTheBotsUrlOnceEvenWhenItFailsAtFirst() throws Exception {
        failNext.set(2);
        String message = "{\"messageId\":\"w-1\",\"team\":\"acme\",\"conversation\":\"conv-1\",\"userId\":\"u1\","
                + "\"text\":\"ping\"}";
        assertThat(post(1, message, SECRET)).isEqualTo(200);
        assertThat(post(0, message, SECRET)).as("a resent message is accepted and handled once").isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> repliesTo("conv-1").size() == 1);
        await().during(Duration.ofMillis(1500)).until(() -> repliesTo("conv-1").size() == 1);
        JsonNode reply = repliesTo("conv-1").get(0);
        assertThat(reply.path("text").asText()).isEqualTo("ping");
        assertThat(reply.path("team").asText()).isEqualTo("acme");
        assertThat(reply.path("botId").asText()).isEqualTo("hook");
        assertThat(idempotencyKeys).contains(reply.path("replyId").asText());
    }

    @Test
    void badlySignedOrMalformedMessagesAreRefused() throws Exception {
        String message = "{\"messageId\":\"w-2\",\"conversation\":\"conv-2\",\"text\":\"hi\"}";
        assertThat(post(0, message, "not-the-secret")).isEqualTo(401);
        assertThat(post(0, "{\"conversation\":\"conv-2\"}", SECRET)).isEqualTo(400);
        await().during(Duration.ofSeconds(1)).until(() -> repliesTo("conv-2").isEmpty());
    }
}
