package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.testkit.FakeSlack;
import io.botgrid.testkit.FakeSlack.MessageEventSpec;
import io.botgrid.testkit.FakeSlack.Post;
import io.botgrid.testkit.TestCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A Slack message is handled in the turn that stores it when its handler answers quickly (one append for the message
 * and its reply); a handler that does not answer within the session's inline budget must not hold up Slack's
 * acknowledgement: the message is stored alone and acknowledged, and the run already started still answers it, once.
 * Here the handler is a webhook whose service holds its answer until the test lets it go.
 */
class SlackSlowHandlerTest {

    @Test
    void aSlowHandlerDoesNotHoldTheAcknowledgementAndItsAnswerIsDeliveredOnce() throws Exception {
        try (HeldService service = new HeldService();
             FakeSlack slack = FakeSlack.start();
             TestCluster cluster = TestCluster.builder().nodes(1).actorTypes(ActorTypes.none()).start()) {
            String bot = "slow-hook";
            createSlowBot(cluster.node(0).bots(), bot, slack, service);

            int status = slack.sendMessageEvent(SlackChannelTest.events(cluster, 0, bot),
                    SlackChannelTest.SIGNING_SECRET, MessageEventSpec.of("CSLOW", "U1", "take your time")).status();

            assertThat(status).isEqualTo(200);
            assertThat(service.released()).as("acknowledged while the handler still waits").isFalse();
            assertThat(service.calls()).isEqualTo(1);
            assertThat(posts(slack, "CSLOW")).isEmpty();

            service.release();
            await().atMost(Duration.ofSeconds(30)).until(() -> posts(slack, "CSLOW").size() == 1);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> posts(slack, "CSLOW").size() == 1);
            assertThat(posts(slack, "CSLOW").get(0).text()).isEqualTo("slow: take your time");
            assertThat(service.calls()).as("the handler's turn took the answer of the run already started")
                    .isEqualTo(1);
        }
    }

    @Test
    void theOwnerCrashingWhileASlowHandlerRunsAfterTheAcknowledgementStillAnswersOnce() throws Exception {
        try (HeldService service = new HeldService();
             FakeSlack slack = FakeSlack.start();
             // Three nodes: with majority fencing, the one survivor of a crash in a 2-node cluster writes nothing.
             TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(ActorTypes.none()).start()) {
            String bot = "slow-hook-failover";
            createSlowBot(cluster.node(0).bots(), bot, slack, service);
            String channel = null;
            for (int i = 0; channel == null; i++) {
                ActorId session = ActorId.of("session", bot + "|slack|T0FAKE|CS" + i + ":U1");
                if (cluster.node(0).ownerOf(session).equals(cluster.node(1).name())) {
                    channel = "CS" + i;
                }
            }
            String target = channel;

            assertThat(slack.sendMessageEvent(SlackChannelTest.events(cluster, 0, bot),
                    SlackChannelTest.SIGNING_SECRET, MessageEventSpec.of(target, "U1", "survive this")).status())
                    .isEqualTo(200);
            assertThat(service.released()).isFalse();

            cluster.killNode(1); // the stored message's owner dies while its handler waits
            service.release();

            await().atMost(Duration.ofSeconds(60)).until(() -> posts(slack, target).size() == 1);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> posts(slack, target).size() == 1);
            assertThat(posts(slack, target).get(0).text()).isEqualTo("slow: survive this");
            assertThat(service.calls()).as("the next owner ran the handler again").isGreaterThanOrEqualTo(2);
        }
    }

    private static void createSlowBot(BotsApi api, String botId, FakeSlack slack, HeldService service) {
        api.createBot(CreateBotRequest.newBuilder().setBotId(botId).setName("Slow hook").setHandler("webhook")
                .setHandlerSettings("url: " + service.url() + "\nsecret: \"slow-hook-secret-0123456789\"\n"
                        + "timeout: 20s\nretries: 0\n").build()).join();
        SlackChannelTest.connectSlack(api, botId, slack, Map.of("bot_user_id", "UBOT"));
    }

    private static List<Post> posts(FakeSlack slack, String channel) {
        return slack.posts().stream().filter(p -> p.channel().equals(channel)).toList();
    }

    /** A handler web service that holds every answer until {@link #release} and echoes the text with "slow: ". */
    private static final class HeldService implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "held-webhook");
            t.setDaemon(true);
            return t;
        });
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger calls = new AtomicInteger();

        HeldService() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            server.createContext("/hook", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        int calls() {
            return calls.get();
        }

        boolean released() {
            return release.getCount() == 0;
        }

        void release() {
            release.countDown();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                calls.incrementAndGet();
                if (!release.await(30, TimeUnit.SECONDS)) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                String text = body.replaceAll("(?s).*\"text\"\\s*:\\s*\"([^\"]*)\".*", "$1");
                byte[] answer = ("{\"replies\":[\"slow: " + text + "\"]}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
