package io.botgrid.it.tracing;

import static io.botgrid.it.tracing.Traces.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorTypes;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.testkit.FakeSlack;
import io.botgrid.testkit.FakeSlack.MessageEventSpec;
import io.botgrid.testkit.FakeSlack.Post;
import io.botgrid.testkit.FakeSlack.SendOptions;
import io.botgrid.testkit.TestCluster;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Slack message is one trace from the callback to the reply: the endpoint's SERVER span (continuing the
 * {@code traceparent} the callback came with) → the call to the session actor → its turn (which runs the handler
 * and stores the message with the reply) → the handler → the CLIENT span of {@code chat.postMessage},
 * whose {@code traceparent} header reaches the (local) Slack Web API.
 */
class SlackTracingTest {
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String BOT = "traced-echo";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String INCOMING = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @Test
    @Timeout(120)
    void aSlackMessageIsOneTraceFromTheCallbackToTheOutgoingWebApiCall() {
        try (Traces traces = new Traces();
             FakeSlack slack = FakeSlack.start();
             TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(ActorTypes.none())
                     .openTelemetry(traces.sdk).start()) {
            BotsApi api = cluster.node(0).bots();
            api.createBot(CreateBotRequest.newBuilder().setBotId(BOT).setName("Traced").setHandler("echo").build())
                    .join();
            api.connectChannel(ConnectChannelRequest.newBuilder().setBotId(BOT)
                    .setKind(ChannelKind.CHANNEL_KIND_SLACK).putSettings("signing_secret", SECRET)
                    .putSettings("bot_token", "xoxb-traced").putSettings("bot_user_id", "UBOT")
                    .putSettings("api_base_url", slack.baseUrl().toString()).build()).join();

            URI events = URI.create("http://127.0.0.1:" + cluster.node(1).endpointPort() + "/slack/events/" + BOT);
            assertThat(slack.sendMessageEvent(events, SECRET, MessageEventSpec.of("C900", "U9", "trace me"),
                    SendOptions.honest().withHeaders(Map.of("traceparent", INCOMING))).status()).isEqualTo(200);

            Post post = await().atMost(Duration.ofSeconds(30)).until(
                    () -> slack.posts().stream().filter(p -> p.channel().equals("C900")).findFirst(),
                    Optional::isPresent).orElseThrow();
            String sentTraceparent = slack.traceparentOf(post.replyId()).orElseThrow(
                    () -> new AssertionError("chat.postMessage came without a traceparent header"));
            assertThat(sentTraceparent).as("the reply belongs to the callback's trace").contains(TRACE_ID);

            SpanData outgoing = await().atMost(Duration.ofSeconds(20)).until(() -> traces.find(
                    s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("POST")
                            && s.getTraceId().equals(TRACE_ID)), Optional::isPresent).orElseThrow();
            assertThat(sentTraceparent).as("the header names the client span")
                    .isEqualTo("00-" + TRACE_ID + "-" + outgoing.getSpanId() + "-01");
            assertThat(outgoing.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                    .isEqualTo(200L);

            List<SpanData> trace = traces.trace(TRACE_ID);
            SpanData endpoint = one(trace, "POST /slack/events/{bot}", SpanKind.SERVER);
            assertThat(endpoint.getParentSpanId()).as("continues the incoming traceparent")
                    .isEqualTo("00f067aa0ba902b7");
            assertThat(endpoint.getAttributes().get(AttributeKey.stringKey("botgrid.bot"))).isEqualTo(BOT);
            assertThat(endpoint.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                    .isEqualTo(200L);

            List<String> chain = ancestry(trace, outgoing, endpoint);
            assertThat(chain).as("from the outgoing call up to the endpoint span")
                    .contains("turn session", "call session")
                    .endsWith("POST /slack/events/{bot}");
            SpanData handler = one(trace, "handler echo", SpanKind.INTERNAL);
            assertThat(handler.getAttributes().get(AttributeKey.stringKey("botgrid.bot"))).isEqualTo(BOT);
            assertThat(ancestry(trace, handler, endpoint)).as("the handler's ancestry").contains("turn session")
                    .endsWith("POST /slack/events/{bot}");
            assertThat(trace).as("the message and the reply were appended in this trace")
                    .anyMatch(s -> s.getName().equals("journal.append"));
        }
    }

    /** Names of the spans from {@code from}'s parent up to {@code top}, failing if the chain breaks first. */
    private static List<String> ancestry(List<SpanData> trace, SpanData from, SpanData top) {
        Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        List<String> names = new ArrayList<>();
        SpanData at = from;
        while (!at.getSpanId().equals(top.getSpanId())) {
            SpanData parent = byId.get(at.getParentSpanId());
            assertThat(parent).as("parent of '%s' (after %s) in %s", at.getName(), names, Traces.names(trace))
                    .isNotNull();
            names.add(parent.getName());
            at = parent;
        }
        return names;
    }
}
