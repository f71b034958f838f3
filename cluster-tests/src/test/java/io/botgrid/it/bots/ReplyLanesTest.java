package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.botgrid.actor.ActorTypes;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.channels.internal.webhook.WebhookSignature;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.testkit.TestCluster;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The outbox sends at most {@code replyMaxInFlight} replies at once to one destination: a webhook receiver that
 * holds every request sees no more than that many open at once, however many replies wait, and gets them all once
 * it answers. The node's {@code botgrid_outbox_replies} gauge shows the ones waiting for a slot meanwhile.
 */
class ReplyLanesTest {
    private static final String SECRET = "reply-lanes-secret";

    @Test
    void aSlowReceiverGetsAtMostTheLimitAtOnceAndEveryReplyInTheEnd() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        CountDownLatch answer = new CountDownLatch(1);
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        ObjectMapper json = new ObjectMapper();
        ExecutorService receiverThreads = Executors.newCachedThreadPool(); // it could take every request at once
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/replies", exchange -> {
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                answer.await(30, TimeUnit.SECONDS);
                delivered.add(json.readTree(body).path("conversation").asText());
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.decrementAndGet();
                exchange.close();
            }
        });
        receiver.start();
        try (TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ActorTypes.none())
                .configure(b -> b.replyMaxInFlight(2)).start()) {
            BotsApi api = cluster.node(0).bots();
            api.createBot(CreateBotRequest.newBuilder().setBotId("lanes").setName("Lanes").setHandler("echo").build())
                    .join();
            api.connectChannel(ConnectChannelRequest.newBuilder().setBotId("lanes")
                    .setKind(ChannelKind.CHANNEL_KIND_WEBHOOK).putSettings("secret", SECRET)
                    .putSettings("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/replies").build())
                    .join();
            HttpClient http = HttpClient.newHttpClient();
            int messages = 8;
            for (int i = 0; i < messages; i++) {
                assertThat(post(http, cluster.node(0).endpointPort(), i)).isEqualTo(200);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> open.get() == 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> open.get() == 2);
            int metricsPort = cluster.node(0).metricsPort();
            await().atMost(Duration.ofSeconds(10)).until(() -> outboxReplies(http, metricsPort, "queued") == 6);
            assertThat(outboxReplies(http, metricsPort, "active")).as("replies being sent").isEqualTo(2);
            answer.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() == messages);
            assertThat(mostOpen.get()).as("requests open at once at the receiver").isEqualTo(2);
            // Held until each delivery is recorded in its session, then let go.
            await().atMost(Duration.ofSeconds(30)).until(() -> outboxReplies(http, metricsPort, "active") == 0);
            assertThat(outboxReplies(http, metricsPort, "queued")).isZero();
        } finally {
            answer.countDown();
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
    }

    /** The node's {@code botgrid_outbox_replies} gauge for {@code state}, scraped from its metrics endpoint. */
    private static long outboxReplies(HttpClient http, int metricsPort, String state) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String prefix = "botgrid_outbox_replies{state=\"" + state + "\"} ";
        return body.lines().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length()).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "in the scrape"));
    }

    private static int post(HttpClient http, int port, int i) throws Exception {
        String message = "{\"messageId\":\"lane-" + i + "\",\"team\":\"acme\",\"conversation\":\"conv-" + i
                + "\",\"userId\":\"u1\",\"text\":\"hello " + i + "\"}";
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook/lanes"))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(SECRET, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
