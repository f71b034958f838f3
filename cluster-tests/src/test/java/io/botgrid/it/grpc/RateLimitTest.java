package io.botgrid.it.grpc;

import static io.botgrid.it.grpc.GrpcTestSupport.bearer;
import static io.botgrid.it.grpc.GrpcTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.rpc.RetryInfo;
import io.botgrid.actor.ActorTypes;
import io.botgrid.channels.internal.webhook.WebhookSignature;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ClusterServiceGrpc;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.ConversationServiceGrpc;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.ListNodesRequest;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.ratelimit.Rate;
import io.botgrid.ratelimit.RateLimitConfig;
import io.botgrid.testkit.TestCluster;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limits per client (API key, by role) and per bot, on a real node: over a limit gRPC answers RESOURCE_EXHAUSTED
 * with RetryInfo and {@code retry-after-ms}, the channel endpoint 429 with {@code Retry-After}; other clients and
 * other bots are not held up; a limited client is admitted again once its bucket refills; refusals are counted in
 * {@code botgrid_rate_limited_total}. The rates are low (one per 5 s for a client, one per 20 s for a bot) so that a
 * burst is used up before a token comes back on any machine, however slow.
 */
class RateLimitTest {
    private static final String DASHBOARD = "dashboard-key-0123456789";
    private static final String OTHER_DASHBOARD = "other-dashboard-key-0123456789";
    private static final String ADMIN = "admin-key-0123456789";
    private static final String SECRET = "rate-limit-webhook-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestCluster cluster;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        RateLimitConfig limits = new RateLimitConfig(Map.of("operator", Rate.of(0.2, 3)), Rate.of(0.05, 2),
                Map.of("vip", Rate.of(1_000, 1_000)));
        cluster = TestCluster.builder().nodes(1).actorTypes(ActorTypes.none())
                .configure(b -> b.rateLimits(limits).grpcApiKeys(List.of(
                        ApiKey.of("dashboard", DASHBOARD, Role.OPERATOR),
                        ApiKey.of("other-dashboard", OTHER_DASHBOARD, Role.OPERATOR),
                        ApiKey.of("ops", ADMIN, Role.ADMIN))))
                .start();
        channel = plaintext(cluster.node(0));
        BotServiceGrpc.BotServiceBlockingStub admin = BotServiceGrpc.newBlockingStub(channel)
                .withInterceptors(bearer(ADMIN));
        for (String bot : List.of("limited", "vip", "hooked")) {
            admin.createBot(CreateBotRequest.newBuilder().setBotId(bot).setName(bot).setHandler("echo").build());
        }
        admin.connectChannel(ConnectChannelRequest.newBuilder().setBotId("hooked")
                .setKind(ChannelKind.CHANNEL_KIND_WEBHOOK).putSettings("secret", SECRET)
                .putSettings("url", "http://127.0.0.1:9/replies").build());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        GrpcTestSupport.close(List.of(channel));
        cluster.close();
    }

    @Test
    void aClientOverItsRolesRateGetsResourceExhaustedWithRetryInfoAndOthersDoNot() {
        ClusterServiceGrpc.ClusterServiceBlockingStub dashboard = ClusterServiceGrpc.newBlockingStub(channel)
                .withInterceptors(bearer(DASHBOARD));
        for (int i = 0; i < 3; i++) {
            dashboard.listNodes(ListNodesRequest.getDefaultInstance());
        }
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> dashboard.listNodes(ListNodesRequest.getDefaultInstance()));
        assertThat(refused).as("the 4th call of a burst of 3").isNotNull();
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).contains("rate limit of api-key:dashboard (role operator)")
                .contains("retry in");
        assertRetryInfo(refused, 5_000);

        // Another key of the same role has a bucket of its own; the admin role has no limit.
        ClusterServiceGrpc.newBlockingStub(channel).withInterceptors(bearer(OTHER_DASHBOARD))
                .listNodes(ListNodesRequest.getDefaultInstance());
        ClusterServiceGrpc.ClusterServiceBlockingStub admin = ClusterServiceGrpc.newBlockingStub(channel)
                .withInterceptors(bearer(ADMIN));
        for (int i = 0; i < 10; i++) {
            admin.listNodes(ListNodesRequest.getDefaultInstance());
        }
        // The bucket refills at one per 5 s: the limited key is admitted again.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> dashboard.listNodes(ListNodesRequest.getDefaultInstance()) != null);
    }

    @Test
    void aBotOverItsRateIsRefusedOnGrpcAndHttpWhileAVipBotIsNot() throws Exception {
        ConversationServiceGrpc.ConversationServiceBlockingStub admin = ConversationServiceGrpc
                .newBlockingStub(channel).withInterceptors(bearer(ADMIN));
        for (int i = 0; i < 2; i++) {
            admin.sendMessage(message("limited", i));
        }
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> admin.sendMessage(message("limited", 2)));
        assertThat(refused).isNotNull();
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).contains("bot 'limited' is over its rate limit");
        assertRetryInfo(refused, 20_000);
        for (int i = 0; i < 10; i++) {
            admin.sendMessage(message("vip", i));
        }

        // HTTP: forged requests do not use up the bot's limit; authentic ones over it get 429 and Retry-After.
        for (int i = 0; i < 5; i++) {
            assertThat(post("not-the-secret", i).statusCode()).isEqualTo(401);
        }
        assertThat(post(SECRET, 10).statusCode()).isEqualTo(200);
        assertThat(post(SECRET, 11).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = post(SECRET, 12);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Long.parseLong(v)).isBetween(1L, 20L));
        assertThat(limited.body()).contains("over its rate limit");

        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + cluster.node(0).metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(counter(metrics, "bot")).isGreaterThanOrEqualTo(2);
    }

    private static double counter(String metrics, String scope) {
        return metrics.lines().filter(l -> l.startsWith("botgrid_rate_limited_total{scope=\"" + scope + "\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static void assertRetryInfo(StatusRuntimeException refused, long maxMillis) {
        com.google.rpc.Status detail = StatusProto.fromThrowable(refused);
        assertThat(detail).as("grpc-status-details-bin").isNotNull();
        RetryInfo retry = detail.getDetailsList().stream().filter(a -> a.is(RetryInfo.class)).findFirst()
                .map(a -> {
                    try {
                        return a.unpack(RetryInfo.class);
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                }).orElseThrow();
        long millis = retry.getRetryDelay().getSeconds() * 1000 + retry.getRetryDelay().getNanos() / 1_000_000;
        assertThat(millis).isBetween(1L, maxMillis);
        assertThat(refused.getTrailers().get(Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo(Long.toString(millis));
    }

    private static SendMessageRequest message(String bot, int i) {
        return SendMessageRequest.newBuilder().setBotId(bot).setConversation("c-" + bot).setMessageId(bot + "-" + i)
                .setText("hi " + i).build();
    }

    private static HttpResponse<String> post(String secret, int i) throws Exception {
        byte[] body = ("{\"messageId\":\"h-" + i + "\",\"conversation\":\"c\",\"text\":\"hi\"}")
                .getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.node(0).endpointPort()
                        + "/webhook/hooked"))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
