package io.botgrid.bots.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.IncomingText;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.SessionView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook handler against a real local HTTP server: signature, JSON both ways, retries, timeout, fallback. */
class WebhookHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "webhook-secret-1";
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().executor(pool).build();
    private final HandlerRegistry registry = HandlerRegistry.load(null, http, pool, Clock.systemUTC());
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private volatile JsonNode received;
    private volatile String signature;
    private volatile String timestamp;
    private volatile byte[] body;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    private void answer(String path, int failFirst, int status, String reply) {
        server.createContext(path, exchange -> {
            int n = calls.incrementAndGet();
            body = exchange.getRequestBody().readAllBytes();
            received = JSON.readTree(body);
            signature = exchange.getRequestHeaders().getFirst("X-Botgrid-Signature");
            timestamp = exchange.getRequestHeaders().getFirst("X-Botgrid-Timestamp");
            respond(exchange, n <= failFirst ? 503 : status, reply);
        });
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String settings(String path, String extra) {
        return "url: http://127.0.0.1:" + server.getAddress().getPort() + path + "\nsecret: " + SECRET + "\n" + extra;
    }

    private HandlerResult ask(String settings) {
        return registry.configure("webhook", settings).onMessage(new HandlerRequest("bot-1",
                new SessionView("slack", "T1", "C1:U1", "U1", "start", Map.of("name", "Ada"), List.of()),
                new IncomingText("m-1", "U1", "hello", Instant.EPOCH))).toCompletableFuture().join();
    }

    @Test
    void postsSignedContextAndUsesTheReply() throws Exception {
        answer("/bot", 0, 200, "{\"replies\": [\"hi Ada\", \"bye\"], \"variables\": {\"seen\": \"yes\"}, "
                + "\"state\": \"greeted\"}");
        HandlerResult r = ask(settings("/bot", ""));
        assertThat(r.replies()).containsExactly("hi Ada", "bye");
        assertThat(r.setVariables()).containsEntry("seen", "yes");
        assertThat(r.nextState()).contains("greeted");
        assertThat(received.get("botId").asText()).isEqualTo("bot-1");
        assertThat(received.get("text").asText()).isEqualTo("hello");
        assertThat(received.at("/session/variables/name").asText()).isEqualTo("Ada");
        assertThat(received.at("/session/state").asText()).isEqualTo("start");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("v1=" + HexFormat.of().formatHex(mac.doFinal(body)));
    }

    @Test
    void retriesServerErrorsWithBackoff() {
        answer("/flaky", 2, 200, "{\"replies\": [\"third time\"]}");
        assertThat(ask(settings("/flaky", "retries: 2\n")).replies()).containsExactly("third time");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aSlowServiceGetsTheFallback() {
        server.createContext("/slow", exchange -> {
            calls.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{\"replies\": [\"too late\"]}");
        });
        HandlerResult r = ask(settings("/slow", "timeout: 200ms\nretries: 1\nfallback: Sorry, try later.\n"));
        assertThat(r.replies()).containsExactly("Sorry, try later.");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aServiceThatStaysDownFailsTheMessageWithoutFallback() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String settings = "url: http://127.0.0.1:" + closed + "/x\nsecret: " + SECRET + "\nretries: 1\n";
        assertThatThrownBy(() -> ask(settings)).isInstanceOf(CompletionException.class)
                .hasMessageContaining("could not be reached").hasMessageContaining("after 2 attempts");
    }

    @Test
    void settingsAreCheckedAtConfiguration() {
        assertThatThrownBy(() -> registry.configure("webhook", "secret: abcdefgh\n"))
                .isInstanceOf(InvalidHandlerSettingsException.class).hasMessageContaining("'url' is required");
        assertThatThrownBy(() -> registry.configure("webhook", "url: ftp://x/y\nsecret: abcdefgh\n"))
                .isInstanceOf(InvalidHandlerSettingsException.class).hasMessage("line 1: 'url' must be an absolute "
                        + "http or https URL");
        assertThatThrownBy(() -> registry.configure("webhook", "url: http://x/y\nsecret: abcdefgh\ntimeout: soon\n"))
                .isInstanceOf(InvalidHandlerSettingsException.class).hasMessageStartingWith("line 3: 'timeout'");
        assertThatThrownBy(() -> registry.configure("webhook", "url: http://x/y\nsecret: abcdefgh\nretries: 99\n"))
                .isInstanceOf(InvalidHandlerSettingsException.class).hasMessageStartingWith("line 3: 'retries'");
    }
}
