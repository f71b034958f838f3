package io.botgrid.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelSecrets;
import io.botgrid.channels.ChannelTarget;
import io.botgrid.channels.InboundMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointServerTest {
    private static final String SLACK_SECRET = "slack-signing-secret";
    private static final String HOOK_SECRET = "hook-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final RecordingIngress ingress = new RecordingIngress()
            .with("b1", ChannelKind.SLACK, new ChannelSecrets(SLACK_SECRET, "UBOT"))
            .with("b1", ChannelKind.WEBHOOK, new ChannelSecrets(HOOK_SECRET, null))
            .with("slack-only", ChannelKind.SLACK, new ChannelSecrets(SLACK_SECRET, null));
    private EndpointServer server;

    @BeforeEach
    void start() throws IOException {
        server = EndpointServer.start(EndpointServerConfig.defaults("127.0.0.1", 0)
                .withAcceptTimeout(Duration.ofMillis(500)), ingress);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String message(String eventId, String user, String threadTs) {
        return "{\"token\":\"t\",\"team_id\":\"T1\",\"type\":\"event_callback\",\"event_id\":\"" + eventId + "\","
                + "\"event\":{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"" + user + "\",\"text\":\"hello\","
                + "\"ts\":\"1700000000.000200\"" + (threadTs == null ? "" : ",\"thread_ts\":\"" + threadTs + "\"")
                + "},\"authorizations\":[{\"user_id\":\"UBOT\"}]}";
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> slack(String botId, String body, String secret, long ts,
                                       Map<String, String> extra) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put("X-Slack-Request-Timestamp", Long.toString(ts));
        headers.put("X-Slack-Signature", TestSigning.slack(secret, ts, body));
        headers.put("Content-Type", "application/json");
        return post("/slack/events/" + botId, body, headers);
    }

    private HttpResponse<String> slack(String body) throws Exception {
        return slack("b1", body, SLACK_SECRET, now(), Map.of());
    }

    private HttpResponse<String> webhook(String body, String secret, long ts) throws Exception {
        return post("/webhook/b1", body, Map.of("X-Botgrid-Timestamp", Long.toString(ts),
                "X-Botgrid-Signature", TestSigning.webhook(secret, ts, body)));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(response.body());
    }

    @Test
    void signedSlackMessageIsAcceptedOncePerDelivery() throws Exception {
        HttpResponse<String> first = slack(message("Ev1", "U1", null));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).path("ok").asBoolean()).isTrue();

        assertThat(ingress.accepted()).hasSize(1);
        InboundMessage m = ingress.accepted().get(0);
        assertThat(m.botId()).isEqualTo("b1");
        assertThat(m.platform()).isEqualTo("slack");
        assertThat(m.team()).isEqualTo("T1");
        assertThat(m.conversation()).isEqualTo("C1:U1");
        assertThat(m.userId()).isEqualTo("U1");
        assertThat(m.messageId()).isEqualTo("slack:C1:1700000000.000200");
        assertThat(m.text()).isEqualTo("hello");
        assertThat(m.replyTo()).as("a top-level message is answered at the top level")
                .isEqualTo(new ChannelTarget(ChannelKind.SLACK, "C1", null));
        assertThat(Duration.between(m.receivedAt(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        Thread thread = ingress.acceptThreads().get(0);
        assertThat(thread.getName()).startsWith("botgrid-endpoint-");
        assertThat(thread.isDaemon()).isTrue();

        // Slack's redelivery of the same event is passed on again; de-duplication is the storage's job.
        HttpResponse<String> retry = slack("b1", message("Ev1", "U1", null), SLACK_SECRET, now(),
                Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(ingress.accepted()).extracting(InboundMessage::messageId)
                .containsExactly("slack:C1:1700000000.000200", "slack:C1:1700000000.000200");
    }

    @Test
    void threadMessagesGetTheirOwnConversation() throws Exception {
        assertThat(slack(message("Ev2", "U1", "1699999999.000100")).statusCode()).isEqualTo(200);
        InboundMessage m = ingress.accepted().get(0);
        assertThat(m.conversation()).isEqualTo("C1/1699999999.000100:U1");
        assertThat(m.replyTo().threadTs()).isEqualTo("1699999999.000100");
    }

    @Test
    void forgedOrStaleRequestsAre401AndNothingIsAccepted() throws Exception {
        String body = message("Ev1", "U1", null);
        HttpResponse<String> forged = slack("b1", body, "not-the-secret", now(), Map.of());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json(forged).path("error").asText()).isEqualTo("signature mismatch");

        HttpResponse<String> stale = slack("b1", body, SLACK_SECRET, now() - 600, Map.of());
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(json(stale).path("error").asText()).isEqualTo("stale timestamp");

        HttpResponse<String> unsigned = post("/slack/events/b1", body, Map.of());
        assertThat(unsigned.statusCode()).isEqualTo(401);

        HttpResponse<String> challenge = slack("b1", "{\"type\":\"url_verification\",\"challenge\":\"c\"}",
                "not-the-secret", now(), Map.of());
        assertThat(challenge.statusCode()).as("even the handshake must be signed").isEqualTo(401);

        assertThat(ingress.accepted()).isEmpty();
    }

    @Test
    void urlVerificationEchoesTheChallenge() throws Exception {
        HttpResponse<String> r = slack("{\"token\":\"t\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("challenge").asText())
                .isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        assertThat(ingress.accepted()).isEmpty();
    }

    @Test
    void ignoredAndUnsupportedEventsAreAcknowledgedWithoutAccepting() throws Exception {
        assertThat(slack(message("Ev3", "UBOT", null)).statusCode()).isEqualTo(200);
        assertThat(slack("{\"type\":\"event_callback\",\"event_id\":\"Ev4\",\"event\":{\"type\":\"reaction_added\"}}")
                .statusCode()).isEqualTo(200);
        assertThat(ingress.accepted()).isEmpty();
    }

    @Test
    void unknownBotsChannelsAndPathsAre404() throws Exception {
        String body = message("Ev1", "U1", null);
        assertThat(slack("nobody", body, SLACK_SECRET, now(), Map.of()).statusCode()).isEqualTo(404);
        HttpResponse<String> noWebhook = post("/webhook/slack-only", "{}", Map.of());
        assertThat(noWebhook.statusCode()).isEqualTo(404);
        assertThat(json(noWebhook).path("error").asText()).isEqualTo("unknown bot or channel");
        assertThat(post("/slack/events/", body, Map.of()).statusCode()).isEqualTo(404);
        assertThat(post("/slack/events/b1/extra", body, Map.of()).statusCode()).isEqualTo(404);
        assertThat(post("/elsewhere", body, Map.of()).statusCode()).isEqualTo(404);
        assertThat(ingress.accepted()).isEmpty();
    }

    @Test
    void aRefusedRequestWhoseBodyArrivesLateLeavesTheConnectionUsable() throws Exception {
        // The refusal must not be sent while the body is still coming: the connection would end with bytes unread,
        // be reset, and the client would lose the 404 or the next request on the same connection.
        String body = "{\"padding\":\"" + "x".repeat(4000) + "\"}";
        String head = "POST /elsewhere HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n";
        String second = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            var out = socket.getOutputStream();
            out.write((head + body.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Give an endpoint that answers too early the chance to do so (and to close) before the rest is sent;
            // an endpoint that waits for the body answers nothing yet, and the read gives up.
            StringBuilder early = new StringBuilder();
            socket.setSoTimeout(300);
            try {
                int b = socket.getInputStream().read();
                if (b >= 0) {
                    early.append((char) b);
                }
            } catch (java.net.SocketTimeoutException expected) {
                // nothing answered before the body was complete
            }
            socket.setSoTimeout(10_000);
            out.write((body.substring(10) + second).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String responses = early + new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.ISO_8859_1);
            assertThat(responses).startsWith("HTTP/1.1 404").contains("{\"error\":\"not found\"}")
                    .contains("HTTP/1.1 200").contains("{\"status\":\"ok\"}");
        }
    }

    @Test
    void pathTricksAre404() throws Exception {
        for (String path : new String[] {"/slack/events/..%2Fhealthz", "/slack/events/%2e%2e/b1", "/slack/events//b1",
                "/slack/events/b1;x=y", "/slack/events/b1/../b1", "/webhook/%62%31",
                "/webhook/b1%2F", "/healthz/..", "/Slack/events/b1"}) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                        + "Connection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(response).as(path).startsWith("HTTP/1.1 404").contains("application/json");
            }
        }
        // a path climbing above the root is refused by the HTTP layer itself, still as JSON
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /slack/events/../../../healthz HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 400").contains("{\"error\":").doesNotContain("Exception");
        }
        assertThat(ingress.accepted()).isEmpty();
    }

    @Test
    void bodiesOverOneMebibyteAre413() throws Exception {
        String huge = "{\"type\":\"url_verification\",\"challenge\":\"" + "x".repeat(1 << 20) + "\"}";
        HttpResponse<String> r = slack(huge);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).contains("1048576");
        // exactly at the limit is fine
        String padded = "{\"type\":\"url_verification\",\"challenge\":\"c\"}";
        padded = padded + " ".repeat((1 << 20) - padded.length());
        assertThat(slack(padded).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongMethodsAre405() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/slack/events/b1"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(post("/healthz", "", Map.of()).statusCode()).isEqualTo(405);
    }

    @Test
    void healthz() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/healthz"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void slowStorageIs503() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        ingress.storeWith(m -> never);
        assertThat(slack(message("Ev1", "U1", null)).statusCode()).isEqualTo(503);
        assertThat(ingress.accepted()).hasSize(1);
        never.complete(null);
    }

    @Test
    void storageThatFinishesWithinTheBoundIs200() throws Exception {
        ingress.storeWith(m -> CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
        assertThat(slack(message("Ev1", "U1", null)).statusCode()).isEqualTo(200);
    }

    @Test
    void aMessageBeingStoredHoldsNoRequestThread() throws Exception {
        server.close();
        server = EndpointServer.start(new EndpointServerConfig("127.0.0.1", 0, Duration.ofSeconds(5),
                EndpointServerConfig.DEFAULT_MAX_BODY_BYTES, 1, 4, Duration.ofSeconds(5)), ingress);
        CompletableFuture<Void> storage = new CompletableFuture<>();
        ingress.storeWith(m -> storage);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> status(message("Ev1", "U1", null)));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> status(message("Ev2", "U1", null)));
        // One request thread hands both messages over while the first is still being stored (it used to wait for it).
        await().atMost(Duration.ofSeconds(3)).until(() -> ingress.accepted().size() == 2);
        assertThat(first).isNotDone();
        storage.complete(null);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    }

    private int status(String slackBody) {
        try {
            return slack(slackBody).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void failingStorageIs503() throws Exception {
        ingress.storeWith(m -> CompletableFuture.failedFuture(new IllegalStateException("journal down")));
        HttpResponse<String> failed = slack(message("Ev1", "U1", null));
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(json(failed).path("error").asText()).isEqualTo("could not store the message");
        ingress.storeWith(m -> {
            throw new IllegalStateException("not even a future");
        });
        assertThat(slack(message("Ev2", "U1", null)).statusCode()).isEqualTo(503);
    }

    @Test
    void signedWebhookMessageIsAccepted() throws Exception {
        String body = "{\"messageId\":\"m-1\",\"team\":\"acme\",\"conversation\":\"c-9\",\"userId\":\"u-3\","
                + "\"text\":\"hi\"}";
        HttpResponse<String> r = webhook(body, HOOK_SECRET, now());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ingress.accepted()).singleElement().satisfies(m -> {
            assertThat(m.platform()).isEqualTo("webhook");
            assertThat(m.team()).isEqualTo("acme");
            assertThat(m.conversation()).isEqualTo("c-9");
            assertThat(m.userId()).isEqualTo("u-3");
            assertThat(m.messageId()).isEqualTo("m-1");
            assertThat(m.text()).isEqualTo("hi");
            assertThat(m.replyTo()).isEqualTo(new ChannelTarget(ChannelKind.WEBHOOK, "c-9", null));
        });
    }

    @Test
    void webhookWithBadSignatureIs401AndBadJsonIs400() throws Exception {
        String body = "{\"messageId\":\"m-1\",\"conversation\":\"c-9\",\"text\":\"hi\"}";
        assertThat(webhook(body, "wrong", now()).statusCode()).isEqualTo(401);
        assertThat(webhook(body, HOOK_SECRET, now() - 301).statusCode()).isEqualTo(401);

        HttpResponse<String> notJson = webhook("{\"messageId\":", HOOK_SECRET, now());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).path("error").asText()).startsWith("body is not valid JSON");

        HttpResponse<String> missing = webhook("{\"messageId\":\"m-1\",\"text\":\"hi\"}", HOOK_SECRET, now());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).path("error").asText()).isEqualTo("missing field 'conversation'");
        assertThat(ingress.accepted()).isEmpty();
    }

    @Test
    void closeStopsWithinItsBoundEvenWithARequestStuckInStorage() throws Exception {
        EndpointServer stuck = EndpointServer.start(new EndpointServerConfig("127.0.0.1", 0, Duration.ofSeconds(60),
                1 << 20, 2, 4, Duration.ofMillis(300)), ingress);
        int port = stuck.port();
        ingress.storeWith(m -> new CompletableFuture<>());
        String body = message("Ev1", "U1", null);
        long ts = now();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(URI.create(stuck.baseUri() + "/slack/events/b1"))
                        .header("X-Slack-Request-Timestamp", Long.toString(ts))
                        .header("X-Slack-Signature", TestSigning.slack(SLACK_SECRET, ts, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> ingress.accepted().size() == 1);

        long started = System.nanoTime();
        stuck.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(inFlight::isDone);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        stuck.close(); // idempotent
    }
}
