package io.botgrid.channels.internal.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botgrid.channels.DeliveryResult;
import io.botgrid.channels.internal.StubHttpServer;
import io.botgrid.channels.internal.StubHttpServer.Response;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackWebApiTest {
    private static final String OK = "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000.000900\"}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private StubHttpServer slack;
    private SlackWebApi api;

    @BeforeEach
    void start() throws Exception {
        slack = new StubHttpServer();
        api = new SlackWebApi(http, slack.uri("/api")); // no trailing slash, like the default base URL
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private DeliveryResult post() throws Exception {
        return api.postMessage("xoxb-1", "C1", "1700000000.000100", "hello", "r-1").get(10, TimeUnit.SECONDS);
    }

    @Test
    void postsTheMessageAndIsDeliveredOnOk() throws Exception {
        slack.then(Response.of(200, OK));

        assertThat(post()).isEqualTo(new DeliveryResult.Delivered());

        StubHttpServer.Request request = slack.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/chat.postMessage");
        assertThat(request.header("Authorization")).isEqualTo("Bearer xoxb-1");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.path("channel").asText()).isEqualTo("C1");
        assertThat(body.path("thread_ts").asText()).isEqualTo("1700000000.000100");
        assertThat(body.path("text").asText()).isEqualTo("hello");
        assertThat(body.path("metadata").path("event_type").asText()).isEqualTo("botgrid_reply");
        assertThat(body.path("metadata").path("event_payload").path("reply_id").asText()).isEqualTo("r-1");
    }

    @Test
    void aPostGivesTheMessagesTsAndAnUpdateReplacesItsText() throws Exception {
        slack.then(Response.of(200, OK));
        SlackWebApi.Posted posted = api.post("xoxb-1", "C1", null, "Hel", "r-3").get(10, TimeUnit.SECONDS);
        assertThat(posted).isEqualTo(new SlackWebApi.Posted(new DeliveryResult.Delivered(), "1700000000.000900"));

        slack.then(Response.of(200, OK));
        assertThat(api.update("xoxb-1", "C1", posted.ts(), "Hello there!", "r-3").get(10, TimeUnit.SECONDS))
                .isEqualTo(new DeliveryResult.Delivered());
        StubHttpServer.Request request = slack.requests().get(1);
        assertThat(request.path()).isEqualTo("/api/chat.update");
        assertThat(request.header("Authorization")).isEqualTo("Bearer xoxb-1");
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.path("channel").asText()).isEqualTo("C1");
        assertThat(body.path("ts").asText()).isEqualTo("1700000000.000900");
        assertThat(body.path("text").asText()).isEqualTo("Hello there!");

        slack.then(Response.of(200, "{\"ok\":false,\"error\":\"message_not_found\"}"));
        assertThat(api.update("xoxb-1", "C1", "1.2", "x", "r-3").get(10, TimeUnit.SECONDS))
                .as("a message that is gone cannot be edited by retrying")
                .isEqualTo(new DeliveryResult.Failed("message_not_found"));
        slack.then(Response.of(500, "oops"));
        assertThat(api.post("xoxb-1", "C1", null, "x", "r-4").get(10, TimeUnit.SECONDS).ts())
                .as("no ts unless delivered").isNull();
    }

    @Test
    void topLevelMessagesHaveNoThread() throws Exception {
        slack.then(Response.of(200, OK));
        assertThat(api.postMessage("xoxb-1", "C1", null, "hi", "r-2").get(10, TimeUnit.SECONDS))
                .isEqualTo(new DeliveryResult.Delivered());
        assertThat(new ObjectMapper().readTree(slack.requests().get(0).body()).has("thread_ts")).isFalse();
    }

    @Test
    void http429RetriesAfterRetryAfter() throws Exception {
        slack.then(new Response(429, Map.of("Retry-After", "7"), "{\"ok\":false,\"error\":\"ratelimited\"}"));
        assertThat(post()).isInstanceOfSatisfying(DeliveryResult.Retry.class,
                r -> assertThat(r.after()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void http429WithoutRetryAfterWaitsOneSecond() throws Exception {
        slack.then(Response.of(429, ""));
        assertThat(post()).isInstanceOfSatisfying(DeliveryResult.Retry.class,
                r -> assertThat(r.after()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void ratelimitedErrorRetries() throws Exception {
        slack.then(new Response(200, Map.of("Retry-After", "3"), "{\"ok\":false,\"error\":\"ratelimited\"}"));
        assertThat(post()).isEqualTo(new DeliveryResult.Retry(Duration.ofSeconds(3), "ratelimited"));
    }

    @Test
    void permanentErrorsFail() throws Exception {
        for (String error : new String[] {"channel_not_found", "not_in_channel", "invalid_auth", "token_revoked",
                "account_inactive", "no_text", "msg_too_long", "is_archived"}) {
            slack.then(Response.of(200, "{\"ok\":false,\"error\":\"" + error + "\"}"));
            assertThat(post()).as(error).isEqualTo(new DeliveryResult.Failed(error));
        }
    }

    @Test
    void otherErrorsAndServerFailuresRetry() throws Exception {
        slack.then(Response.of(200, "{\"ok\":false,\"error\":\"internal_error\"}"));
        assertThat(post()).isEqualTo(new DeliveryResult.Retry(Duration.ofSeconds(1), "internal_error"));
        slack.then(Response.of(500, "oops"));
        assertThat(post()).isEqualTo(new DeliveryResult.Retry(Duration.ofSeconds(1), "HTTP 500"));
        slack.then(Response.of(503, ""));
        assertThat(post()).isInstanceOf(DeliveryResult.Retry.class);
        slack.then(Response.of(200, "<html>proxy error</html>"));
        assertThat(post()).isInstanceOf(DeliveryResult.Retry.class);
    }

    @Test
    void otherClientErrorsFail() throws Exception {
        slack.then(Response.of(404, "not found"));
        assertThat(post()).isEqualTo(new DeliveryResult.Failed("HTTP 404"));
    }

    @Test
    void connectionRefusedRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SlackWebApi nowhere = new SlackWebApi(http, URI.create("http://127.0.0.1:" + port + "/api/"));
        DeliveryResult result = nowhere.postMessage("xoxb-1", "C1", null, "hi", "r-3").get(10, TimeUnit.SECONDS);
        assertThat(result).isInstanceOfSatisfying(DeliveryResult.Retry.class,
                r -> assertThat(r.reason()).startsWith("I/O error"));
    }

    @Test
    void neverThrowsOnBadArguments() throws Exception {
        assertThat(api.postMessage(null, "C1", null, "hi", "r").get(1, TimeUnit.SECONDS))
                .isEqualTo(new DeliveryResult.Failed("no bot token configured"));
        assertThat(api.postMessage("xoxb-1", null, null, "hi", "r").get(1, TimeUnit.SECONDS))
                .isInstanceOf(DeliveryResult.Failed.class);
        assertThat(slack.requests()).isEmpty();
    }
}
