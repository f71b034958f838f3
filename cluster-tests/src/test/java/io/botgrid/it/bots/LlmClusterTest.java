package io.botgrid.it.bots;

import static io.botgrid.it.bots.BotTestSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorId;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.ConversationRef;
import io.botgrid.it.ItSupport;
import io.botgrid.testkit.TestCluster;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The llm handler on a real, traced 2-node cluster against {@link FakeChatCompletions}: the API key is in no span
 * (name, attribute, event, status) of a created bot, an answered message and a refused one; a bot's
 * {@code tokens_per_day} is one budget for the whole cluster (tokens used through a session on one node count on
 * the other) and survives a restart of the cluster.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LlmClusterTest {
    private static final String KEY = "sk-span-" + UUID.randomUUID();
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static OpenTelemetrySdk sdk;
    private static FakeChatCompletions service;
    private static TestCluster cluster;
    private static BotgridClient client;

    @BeforeAll
    static void start() throws Exception {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                        .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        service = new FakeChatCompletions();
        cluster = TestCluster.builder().nodes(2).actorTypes(ItSupport.ledgerTypes())
                .configure(b -> b.grpcPort(0)).openTelemetry(sdk).start();
        client = BotTestSupport.client(cluster, 0, null);
    }

    @AfterAll
    static void stop() throws Exception {
        BotTestSupport.closeAll(client, cluster, service, sdk);
    }

    private static String bot(String model, String extra) {
        return service.createBot(client, KEY, model, extra);
    }

    @Test
    @Order(1)
    void theApiKeyIsInNoSpan() {
        String answered = bot("quick", "");
        String refused = bot("leaky", "");
        assertThat(texts(client.conversations().sendBlocking(ConversationRef.of(answered, "c-1", "ann"), "Hi")
                .replies())).containsExactly("Hello there!");
        assertThat(client.conversations().sendBlocking(ConversationRef.of(refused, "c-1", "ann"), "Hi").replies())
                .isEmpty();
        assertThat(service.seen("leaky")).singleElement().satisfies(s -> assertThat(s.authorization())
                .as("the key did go to the service").isEqualTo("Bearer " + KEY));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(SPANS.getFinishedSpanItems())
                .filteredOn(s -> s.getName().equals("handler llm")).as("the handler's spans, answered and failed")
                .hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(s -> assertThat(s.getStatus().getDescription()).contains("401: invalid_api_key")));
        List<SpanData> spans = SPANS.getFinishedSpanItems();
        assertThat(spans).hasSizeGreaterThan(10).allSatisfy(s -> {
            assertThat(s.getName()).doesNotContain(KEY);
            assertThat(s.getStatus().getDescription()).doesNotContain(KEY);
            assertThat(text(s.getAttributes())).as("attributes of '%s'", s.getName()).doesNotContain(KEY);
            for (EventData e : s.getEvents()) {
                assertThat(e.getName() + text(e.getAttributes())).as("event of '%s'", s.getName())
                        .doesNotContain(KEY);
            }
            s.getLinks().forEach(l -> assertThat(text(l.getAttributes())).doesNotContain(KEY));
        });
    }

    private static String text(Attributes attributes) {
        StringBuilder b = new StringBuilder();
        attributes.forEach((k, v) -> b.append(k.getKey()).append('=').append(v).append('\n'));
        return b.toString();
    }

    /** A conversation whose session node {@code node} owns. */
    private static String conversationOn(String bot, int node) {
        for (int i = 0; ; i++) {
            ActorId session = ActorId.of("session", bot + "|grpc|default|c" + i);
            if (cluster.node(0).ownerOf(session).equals(cluster.node(node).name())) {
                return "c" + i;
            }
        }
    }

    @Test
    @Order(2)
    void theDailyTokenBudgetIsTheClustersAndSurvivesARestart() {
        String bot = bot("quick", "tokens_per_day: 50\nbudget_reply: \"Spent.\"\n");
        ConversationRef onA = ConversationRef.of(bot, conversationOn(bot, 0), "ann");
        ConversationRef onB = ConversationRef.of(bot, conversationOn(bot, 1), "bob");
        assertThat(texts(client.conversations().sendBlocking(onA, "One").replies())).containsExactly("Hello there!");
        assertThat(texts(client.conversations().sendBlocking(onA, "Two").replies())).containsExactly("Hello there!");
        int calls = service.seen("quick").size();
        assertThat(texts(client.conversations().sendBlocking(onB, "Three").replies()))
                .as("50 tokens used on node 0 spend node 1's budget too").containsExactly("Spent.");
        assertThat(service.seen("quick")).hasSize(calls);

        client.close();
        cluster.stopAll();
        cluster.restartAll();
        client = BotTestSupport.client(cluster, 0, null);
        for (ConversationRef ref : List.of(onA, onB)) {
            assertThat(texts(client.conversations().sendBlocking(ref, "After").replies()))
                    .as("the day's count survived the restart").containsExactly("Spent.");
        }
        assertThat(service.seen("quick")).hasSize(calls);
    }
}
