package io.botgrid.bots.handlers.internal;

import static io.botgrid.bots.handlers.internal.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.handlers.internal.FakeWebhookService.Answer;
import io.botgrid.bots.handlers.internal.FakeWebhookService.Received;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook handler against a real HTTP server on 127.0.0.1. */
class WebhookHandlerTest {
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final String SECRET = "s3cret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookHandler handler = new WebhookHandler(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(20));
    private FakeWebhookService service;

    @BeforeEach
    void start() throws Exception {
        service = new FakeWebhookService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private ConfiguredHandler bot(String extraSettings) {
        return handler.configure("url: " + service.url() + "\nsecret: " + SECRET + "\n" + extraSettings);
    }

    private static CompletableFuture<HandlerResult> send(ConfiguredHandler bot, String text) {
        return bot.onMessage(request(text, "waiting", Map.of("name", "Bob", "city", "Oslo"))).toCompletableFuture();
    }

    private static String expectedSignature(String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void postsSignedJsonAndCarriesRepliesVariablesAndState() throws Exception {
        service.then(Answer.ok("""
                {"replies": ["Hi Bob", "How is Oslo?"], "variables": {"mood": "good", "count": 3},
                 "state": "chatting", "extra": "ignored"}
                """));

        HandlerResult result = send(bot(""), "hello there").get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(new HandlerResult(List.of("Hi Bob", "How is Oslo?"),
                Map.of("mood", "good", "count", "3"), Optional.of("chatting")));
        Received r = service.received().get(0);
        assertThat(service.received()).hasSize(1);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(r.signature()).isEqualTo(expectedSignature(r.timestamp(), r.body()));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body).isEqualTo(JSON.readTree("""
                {"botId": "bot-1", "messageId": "m-1", "text": "hello there", "userId": "alice",
                 "session": {"platform": "slack", "team": "T1", "conversation": "C1:U1", "state": "waiting",
                             "variables": {"city": "Oslo", "name": "Bob"}}}
                """));
    }

    @Test
    void retriesServerErrorsWithBackoffThenUsesTheAnswer() throws Exception {
        service.then(Answer.status(500), Answer.status(503), Answer.ok("{\"replies\": [\"third time lucky\"]}"));

        HandlerResult result = send(bot("retries: 2\n"), "x").get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(HandlerResult.reply("third time lucky"));
        assertThat(service.received()).hasSize(3).allSatisfy(r -> assertThat(r.signature())
                .isEqualTo(expectedSignature(r.timestamp(), r.body())));
    }

    @Test
    void exhaustedRetriesFailTheMessageNamingTheLastProblem() {
        service.otherwise(Answer.status(502));

        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> send(bot("retries: 1\n"), "x").get(10, TimeUnit.SECONDS));

        assertThat(e.getCause()).isInstanceOf(WebhookCallException.class)
                .hasMessage("webhook " + service.url() + " failed after 2 attempts: HTTP status 502");
        assertThat(service.received()).hasSize(2);
    }

    @Test
    void slowServiceTimesOutAndTheFallbackReplies() throws Exception {
        service.otherwise(Answer.stalling());

        HandlerResult result = send(bot("timeout: 300ms\nretries: 1\nfallback: \"Busy, try later\"\n"), "x")
                .get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(HandlerResult.reply("Busy, try later"));
        assertThat(service.received()).as("timeouts are retried").hasSize(2);
    }

    @Test
    void slowServiceWithoutFallbackFailsWithATimeout() {
        service.otherwise(Answer.stalling());

        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> send(bot("timeout: 200ms\nretries: 0\n"), "x").get(10, TimeUnit.SECONDS));

        assertThat(e.getCause()).isInstanceOf(WebhookCallException.class)
                .hasMessageContaining("failed after 1 attempt: timed out");
    }

    @Test
    void serviceDownWithoutFallbackFailsWithAClearException() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ConfiguredHandler bot = handler.configure("url: http://127.0.0.1:" + closedPort + "/hook\nsecret: k\n"
                + "retries: 2\n");

        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> send(bot, "x").get(10, TimeUnit.SECONDS));

        assertThat(e.getCause()).isInstanceOf(WebhookCallException.class)
                .hasMessageStartingWith("webhook http://127.0.0.1:" + closedPort + "/hook failed after 3 attempts: "
                        + "cannot reach the service (ConnectException");
        assertThat(e.getCause().getCause()).isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void clientErrorsAreNotRetried() {
        service.otherwise(Answer.status(404));

        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> send(bot("retries: 3\n"), "x").get(10, TimeUnit.SECONDS));

        assertThat(e.getCause()).hasMessageEndingWith("failed after 1 attempt: HTTP status 404");
        assertThat(service.received()).hasSize(1);
    }

    @Test
    void tooManyRequestsIsRetried() throws Exception {
        service.then(Answer.status(429), Answer.ok("{\"replies\": [\"ok\"]}"));

        assertThat(send(bot(""), "x").get(10, TimeUnit.SECONDS)).isEqualTo(HandlerResult.reply("ok"));
        assertThat(service.received()).hasSize(2);
    }

    @Test
    void malformedAnswerFailsWithoutRetryAndFallbackCoversIt() throws Exception {
        service.otherwise(Answer.ok("{\"replies\": \"not a list\"}"));

        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> send(bot(""), "x").get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).hasMessageEndingWith("bad reply: 'replies' must be an array of strings");
        assertThat(service.received()).hasSize(1);

        assertThat(send(bot("fallback: sorry\n"), "x").get(10, TimeUnit.SECONDS))
                .isEqualTo(HandlerResult.reply("sorry"));
    }

    @Test
    void emptyAnswerMeansNoReply() throws Exception {
        service.then(Answer.status(204), Answer.ok("{}"));

        assertThat(send(bot(""), "x").get(10, TimeUnit.SECONDS)).isEqualTo(HandlerResult.none());
        assertThat(send(bot(""), "x").get(10, TimeUnit.SECONDS)).isEqualTo(HandlerResult.none());
    }

    @Test
    void backoffDoublesAndIsCapped() {
        WebhookCaller caller = new WebhookCaller(null, null, Clock.systemUTC(), Duration.ofMillis(200),
                Duration.ofSeconds(5));
        assertThat(List.of(caller.backoff(0), caller.backoff(1), caller.backoff(2), caller.backoff(4),
                caller.backoff(5), caller.backoff(60))).containsExactly(Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(3200), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
    }

    @Test
    void isCalledWebhook() {
        assertThat(new WebhookHandler().name()).isEqualTo("webhook");
    }

    @Test
    void cancellingTheAnswerStopsFurtherAttempts() throws Exception {
        service.otherwise(Answer.status(500));
        WebhookHandler slowBackoff = new WebhookHandler(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(300));
        ConfiguredHandler bot = slowBackoff.configure("url: " + service.url() + "\nsecret: k\nretries: 10\n"
                + "fallback: down\n");

        CompletableFuture<HandlerResult> answer = send(bot, "x");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> service.received().size() == 1);
        answer.cancel(false);

        // the first retry was due 300 ms after the first answer; well past it, nothing more arrived
        CompletableFuture<Void> pastFirstRetry = new CompletableFuture<>();
        pastFirstRetry.completeOnTimeout(null, 900, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertThat(service.received()).hasSize(1);
    }
}
