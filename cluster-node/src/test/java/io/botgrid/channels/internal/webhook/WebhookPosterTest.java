package io.botgrid.channels.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelTarget;
import io.botgrid.channels.DeliveryResult;
import io.botgrid.channels.OutboundReply;
import io.botgrid.channels.internal.StubHttpServer;
import io.botgrid.channels.internal.StubHttpServer.Response;
import io.botgrid.channels.internal.TestSigning;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookPosterTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final OutboundReply REPLY = new OutboundReply("r-1", "b1", "webhook", "acme", "c-9", "hello",
            new ChannelTarget(ChannelKind.WEBHOOK, "c-9", null));

    private final HttpClient http = HttpClient.newHttpClient();
    private final WebhookPoster poster = new WebhookPoster(http, Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC));
    private StubHttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new StubHttpServer();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private DeliveryResult post() throws Exception {
        return poster.post(receiver.uri("/hook"), "k", REPLY).get(10, TimeUnit.SECONDS);
    }

    @Test
    void postsASignedIdempotentReply() throws Exception {
        receiver.then(Response.of(204, ""));

        assertThat(post()).isEqualTo(new DeliveryResult.Delivered());

        StubHttpServer.Request request = receiver.requests().get(0);
        assertThat(request.path()).isEqualTo("/hook");
        assertThat(request.header("Idempotency-Key")).isEqualTo("r-1");
        assertThat(request.header("X-Botgrid-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(request.header("X-Botgrid-Signature"))
                .isEqualTo(TestSigning.webhook("k", NOW.getEpochSecond(), request.body()));
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.path("replyId").asText()).isEqualTo("r-1");
        assertThat(body.path("botId").asText()).isEqualTo("b1");
        assertThat(body.path("team").asText()).isEqualTo("acme");
        assertThat(body.path("conversation").asText()).isEqualTo("c-9");
        assertThat(body.path("text").asText()).isEqualTo("hello");
    }

    @Test
    void classifiesStatuses() throws Exception {
        receiver.then(Response.of(200, "ok"));
        assertThat(post()).isEqualTo(new DeliveryResult.Delivered());
        receiver.then(new Response(429, Map.of("Retry-After", "12"), ""));
        assertThat(post()).isEqualTo(new DeliveryResult.Retry(Duration.ofSeconds(12), "HTTP 429"));
        receiver.then(Response.of(429, ""));
        assertThat(post()).isEqualTo(new DeliveryResult.Retry(Duration.ofSeconds(1), "HTTP 429"));
        receiver.then(Response.of(502, ""));
        assertThat(post()).isEqualTo(new DeliveryResult.Retry(Duration.ofSeconds(1), "HTTP 502"));
        receiver.then(Response.of(400, "bad"));
        assertThat(post()).isEqualTo(new DeliveryResult.Failed("HTTP 400"));
        receiver.then(Response.of(410, ""));
        assertThat(post()).isEqualTo(new DeliveryResult.Failed("HTTP 410"));
    }

    @Test
    void networkErrorsRetry() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DeliveryResult result = poster.post(URI.create("http://127.0.0.1:" + port + "/hook"), "k", REPLY)
                .get(10, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
    }
}
