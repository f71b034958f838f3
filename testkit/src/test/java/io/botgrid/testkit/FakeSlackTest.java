package io.botgrid.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelSecrets;
import io.botgrid.channels.ChannelTarget;
import io.botgrid.channels.DeliveryResult;
import io.botgrid.channels.InboundMessage;
import io.botgrid.channels.IngressHandler;
import io.botgrid.channels.internal.EndpointServer;
import io.botgrid.channels.internal.EndpointServerConfig;
import io.botgrid.channels.internal.slack.SlackWebApi;
import io.botgrid.testkit.FakeSlack.MessageEventSpec;
import io.botgrid.testkit.FakeSlack.SendOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FakeSlack against Botgrid's real Slack client and endpoint: each side checks the other. */
class FakeSlackTest {
    private static final String SECRET = "fake-signing-secret";

    private final List<InboundMessage> accepted = new CopyOnWriteArrayList<>();
    private final IngressHandler ingress = new IngressHandler() {
        @Override
        public Optional<ChannelSecrets> secrets(String botId, ChannelKind kind) {
            return botId.equals("b1") && kind == ChannelKind.SLACK
                    ? Optional.of(new ChannelSecrets(SECRET, "UBOT")) : Optional.empty();
        }

        @Override
        public CompletableFuture<Void> accept(InboundMessage message) {
            accepted.add(message);
            return CompletableFuture.completedFuture(null);
        }
    };

    private FakeSlack slack;
    private EndpointServer endpoint;
    private SlackWebApi api;
    private URI events;

    @BeforeEach
    void start() throws IOException {
        slack = FakeSlack.start();
        endpoint = EndpointServer.start(EndpointServerConfig.defaults("127.0.0.1", 0), ingress);
        events = URI.create(endpoint.baseUri() + "/slack/events/b1");
        api = new SlackWebApi(HttpClient.newHttpClient(), slack.baseUrl());
    }

    @AfterEach
    void stop() {
        endpoint.close();
        slack.close();
    }

    private DeliveryResult post(String replyId) throws Exception {
        return api.postMessage("xoxb-fake", "C1", "1.2", "hello", replyId).get(10, TimeUnit.SECONDS);
    }

    @Test
    void recordsPostsWithTokenThreadTextAndReplyId() throws Exception {
        assertThat(post("r-1")).isEqualTo(new DeliveryResult.Delivered());

        assertThat(slack.posts()).singleElement().satisfies(p -> {
            assertThat(p.token()).isEqualTo("xoxb-fake");
            assertThat(p.channel()).isEqualTo("C1");
            assertThat(p.threadTs()).isEqualTo("1.2");
            assertThat(p.text()).isEqualTo("hello");
            assertThat(p.replyId()).isEqualTo("r-1");
            assertThat(p.ts()).isNotBlank();
        });
        assertThat(slack.rejected()).isEmpty();
    }

    @Test
    void rateLimitsThenAcceptsHonouringRetryAfter() throws Exception {
        slack.answerNext(2, 429, Duration.ofSeconds(3));

        assertThat(post("r-1")).isEqualTo(new DeliveryResult.Retry(Duration.ofSeconds(3), "rate limited (HTTP 429)"));
        assertThat(post("r-1")).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(post("r-1")).isEqualTo(new DeliveryResult.Delivered());

        assertThat(slack.rejected()).extracting(FakeSlack.Rejection::httpStatus).containsExactly(429, 429);
        assertThat(slack.rejected()).extracting(r -> r.attempt().replyId()).containsExactly("r-1", "r-1");
        assertThat(slack.posts()).extracting(FakeSlack.Post::replyId).containsExactly("r-1");
    }

    @Test
    void errorsMapToFailedOrRetry() throws Exception {
        slack.failWith("channel_not_found");
        assertThat(post("r-1")).isEqualTo(new DeliveryResult.Failed("channel_not_found"));
        slack.postError("ratelimited");
        assertThat(post("r-1")).isInstanceOf(DeliveryResult.Retry.class);
        slack.failWith("internal_error");
        assertThat(post("r-1")).isInstanceOf(DeliveryResult.Retry.class);
        slack.answerNext(1, 503, null);
        assertThat(post("r-1")).isEqualTo(new DeliveryResult.Retry(Duration.ofSeconds(1), "HTTP 503"));
        slack.clearFailure();
        assertThat(post("r-1")).isEqualTo(new DeliveryResult.Delivered());

        assertThat(slack.rejected()).extracting(FakeSlack.Rejection::error)
                .containsExactly("channel_not_found", "ratelimited", "internal_error", "fatal_error");
        assertThat(slack.posts()).hasSize(1);
    }

    @Test
    void refusesCallsWithoutTokenLikeSlack() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(slack.baseUrl().resolve("chat.postMessage"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"C1\",\"text\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"ok\":false").contains("\"error\":\"not_authed\"");
        assertThat(slack.rejected()).singleElement().satisfies(rej -> {
            assertThat(rej.error()).isEqualTo("not_authed");
            assertThat(rej.attempt().channel()).isEqualTo("C1");
        });
        assertThat(slack.posts()).isEmpty();
    }

    @Test
    void signedMessageEventsReachTheEndpoint() {
        MessageEventSpec spec = MessageEventSpec.of("C1", "U1", "hi bot").withTeamId("T1").withEventId("Ev1");

        FakeSlack.EventResult result = slack.sendMessageEvent(events, SECRET, spec);

        assertThat(result.status()).isEqualTo(200);
        assertThat(accepted).singleElement().satisfies(m -> {
            assertThat(m.team()).isEqualTo("T1");
            assertThat(m.conversation()).isEqualTo("C1:U1");
            assertThat(m.messageId()).isEqualTo("slack:C1:" + spec.ts());
            assertThat(m.text()).isEqualTo("hi bot");
            assertThat(m.replyTo()).isEqualTo(new ChannelTarget(ChannelKind.SLACK, "C1", null));
        });
    }

    @Test
    void directMessagesAndMessagesDeliveredOnAPersonsBehalfReachTheEndpoint() {
        assertThat(slack.sendMessageEvent(events, SECRET, MessageEventSpec.direct("D1", "U1", "psst")).status())
                .isEqualTo(200);
        assertThat(slack.sendMessageEvent(events, SECRET, MessageEventSpec.of("C1", "U2", "me").onBehalfOf("U2"))
                .status()).isEqualTo(200);
        assertThat(accepted).extracting(InboundMessage::text).containsExactly("psst", "me");
        assertThat(accepted.get(0).replyTo()).isEqualTo(new ChannelTarget(ChannelKind.SLACK, "D1", null));
    }

    @Test
    void staleWronglySignedAndOwnMessagesAreNotAccepted() {
        MessageEventSpec spec = MessageEventSpec.of("C1", "U1", "hi");
        assertThat(slack.sendMessageEvent(events, SECRET, spec, SendOptions.honest().stale()).status())
                .isEqualTo(401);
        assertThat(slack.sendMessageEvent(events, SECRET, spec, SendOptions.honest().withWrongSecret()).status())
                .isEqualTo(401);
        assertThat(slack.sendMessageEvent(events, SECRET, MessageEventSpec.of("C1", "UBOT", "my own reply"))
                .status()).isEqualTo(200);
        assertThat(slack.sendMessageEvent(URI.create(endpoint.baseUri() + "/slack/events/other"), SECRET, spec)
                .status()).isEqualTo(404);
        assertThat(accepted).isEmpty();
    }

    @Test
    void redeliveriesAndThreadsAndMentions() {
        MessageEventSpec spec = MessageEventSpec.of("C1", "U1", "again").withEventId("Ev7").withThreadTs("100.1");
        assertThat(slack.sendMessageEvent(events, SECRET, spec).status()).isEqualTo(200);
        assertThat(slack.sendMessageEvent(events, SECRET, spec, SendOptions.honest().retry(1)).status())
                .isEqualTo(200);
        assertThat(slack.sendMessageEvent(events, SECRET,
                MessageEventSpec.of("C1", "U2", "<@UBOT> help").asAppMention()).status()).isEqualTo(200);

        assertThat(accepted).extracting(InboundMessage::messageId).startsWith("slack:C1:" + spec.ts(), "slack:C1:" + spec.ts());
        assertThat(accepted.get(0).conversation()).isEqualTo("C1/100.1:U1");
        assertThat(accepted.get(2).text()).isEqualTo("help");
    }

    @Test
    void urlVerificationAndRawEvents() {
        FakeSlack.EventResult result = slack.sendUrlVerification(events, SECRET, "chal-123");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).contains("\"challenge\":\"chal-123\"");

        String raw = FakeSlack.messageEvent("T9", "C9", "U9", "raw", "EvRaw", null);
        assertThat(slack.sendEvent(events, SECRET, raw, Map.of("X-Slack-Retry-Num", "2")).status()).isEqualTo(200);
        assertThat(accepted).extracting(InboundMessage::messageId).singleElement().asString().startsWith("slack:C9:");
    }

    @Test
    void aRoundTripRepliesWhereTheMessageWasWritten() throws Exception {
        MessageEventSpec top = MessageEventSpec.of("C5", "U1", "ping");
        MessageEventSpec inThread = MessageEventSpec.of("C5", "U1", "ping again").withThreadTs(top.ts());
        assertThat(slack.sendMessageEvent(events, SECRET, top).status()).isEqualTo(200);
        assertThat(slack.sendMessageEvent(events, SECRET, inThread).status()).isEqualTo(200);
        for (InboundMessage m : accepted) {
            ChannelTarget target = m.replyTo();
            assertThat(api.postMessage("xoxb-fake", target.channel(), target.threadTs(), "pong", "r-" + m.messageId())
                    .get(10, TimeUnit.SECONDS)).isEqualTo(new DeliveryResult.Delivered());
        }

        assertThat(slack.posts()).extracting(FakeSlack.Post::channel).containsExactly("C5", "C5");
        assertThat(slack.posts().get(0).threadTs()).as("a top-level message is answered at the top level").isNull();
        assertThat(slack.posts().get(1).threadTs()).as("a message in a thread, in the thread").isEqualTo(top.ts());
    }
}
