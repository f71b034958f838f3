package io.botgrid.it.bots;

import static io.botgrid.it.bots.BotTestSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotStats;
import io.botgrid.client.BotView;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.Conversation;
import io.botgrid.client.ConversationListener;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.PartialReply;
import io.botgrid.client.Reply;
import io.botgrid.client.SentMessage;
import io.botgrid.testkit.FakeSlack;
import io.botgrid.testkit.FakeSlack.MessageEventSpec;
import io.botgrid.testkit.FakeSlack.Post;
import io.botgrid.testkit.FakeSlack.Update;
import io.botgrid.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The llm handler on a real 2-node cluster against a local OpenAI-compatible service ({@link FakeChatCompletions}):
 * a gRPC Converse client sees partial replies, then the one final reply; history and the system prompt reach the
 * model; 429 with Retry-After is waited out and retried; a service that hangs gives the failure reply within the
 * bot's timeout; a malformed stream fails the message; a spent budget answers with the budget reply and is counted;
 * on Slack the answer is posted once and edited every N tokens up to the final text; and the API key shows up
 * nowhere but in the request to the service.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LlmHandlerTest {
    private static final String KEY = "sk-test-" + UUID.randomUUID();
    private static FakeChatCompletions service;
    private static FakeSlack slack;
    private static TestCluster cluster;
    private static BotgridClient client;

    @BeforeAll
    static void start() throws Exception {
        service = new FakeChatCompletions();
        slack = FakeSlack.start();
        cluster = BotTestSupport.cluster(b -> b);
        client = BotTestSupport.client(cluster, 0, null);
    }

    @AfterAll
    static void stop() throws Exception {
        BotTestSupport.closeAll(client, cluster, service, slack);
    }

    private static String settings(String model, String extra) {
        return service.settings(KEY, model, extra);
    }

    private static String bot(String model, String extra) {
        return service.createBot(client, KEY, model, extra);
    }

    /** Records, in arrival order, the partial and final replies of a conversation. */
    static final class Recorder implements ConversationListener {
        final Queue<Object> events = new ConcurrentLinkedQueue<>();

        @Override
        public void onPartial(PartialReply partial) {
            events.add(partial);
            service.releaseStream(); // the answer may finish once a partial reply was seen
        }

        @Override
        public void onReply(Reply reply) {
            events.add(reply);
        }

        List<Reply> replies() {
            return events.stream().filter(Reply.class::isInstance).map(Reply.class::cast).toList();
        }

        List<PartialReply> partials() {
            return events.stream().filter(PartialReply.class::isInstance).map(PartialReply.class::cast).toList();
        }
    }

    @Test
    void aConverseClientSeesPartialRepliesThenTheFinalReplyAndTheModelGetsPromptAndHistory() throws Exception {
        String bot = bot("stream", "system_prompt: \"You help {user} (also {user_id}).\"\n");
        ConversationRef ref = ConversationRef.of(bot, "c-" + UUID.randomUUID(), "alice");
        Recorder recorder = new Recorder();
        Conversation c = client.conversations().open(ref, 0, recorder);
        c.ready().get(20, TimeUnit.SECONDS);

        String first = c.send("What is Botgrid?");
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.replies().size() == 1);
        // The service holds the rest of its answer until a partial reply reached the client: so they streamed.
        List<PartialReply> partials = recorder.partials();
        assertThat(partials).isNotEmpty().allSatisfy(p -> {
            assertThat(p.inReplyTo()).isEqualTo(first);
            assertThat("Hello there!").startsWith(p.text());
        });
        assertThat(partials.get(0).text()).startsWith("Hel");
        assertThat(recorder.events.peek()).as("a partial reply comes before the final one")
                .isInstanceOf(PartialReply.class);
        Reply reply = recorder.replies().get(0);
        assertThat(reply.text()).isEqualTo("Hello there!");
        assertThat(reply.inReplyTo()).isEqualTo(first);

        c.send("And what does it run on?");
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.replies().size() == 2);
        c.close();
        c.closed().get(20, TimeUnit.SECONDS);
        assertThat(texts(recorder.replies())).as("one final reply per message, partial ones are not stored")
                .containsExactly("Hello there!", "Hello there!");

        List<FakeChatCompletions.Seen> seen = service.seen("stream").stream()
                .filter(s -> s.body().toString().contains("What is Botgrid?")).toList();
        assertThat(seen).hasSize(2);
        assertThat(seen).allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Bearer " + KEY));
        JsonNode second = seen.get(1).body();
        assertThat(second.path("stream").asBoolean()).isTrue();
        List<String> messages = new ArrayList<>();
        second.path("messages").forEach(m -> messages.add(m.path("role").asText() + ": " + m.path("content").asText()));
        assertThat(messages).as("system prompt with {user}, history oldest first, the message once").containsExactly(
                "system: You help alice (also alice).",
                "user: What is Botgrid?",
                "assistant: Hello there!",
                "user: And what does it run on?");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.bots().statsBlocking(bot)
                .llmTokens()).as("the service's usage report, 25 tokens an answer").isEqualTo(50));
    }

    @Test
    void onSlackTheAnswerIsPostedOnceAndEditedEveryNTokensUntilTheFinalText() {
        String bot = bot("words", "slack_update_every_tokens: 2\n");
        String plain = bot("words", "");
        for (String b : List.of(bot, plain)) {
            SlackChannelTest.connectSlack(cluster.node(0).bots(), b, slack, Map.of("bot_user_id", "UBOT"));
        }

        String channel = "C-llm-" + UUID.randomUUID();
        assertThat(slack.sendMessageEvent(SlackChannelTest.events(cluster, 1, bot), SlackChannelTest.SIGNING_SECRET,
                MessageEventSpec.of(channel, "U1", "Count to five")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.bots().statsBlocking(bot)
                .repliesOut()).as("the final reply delivered").isEqualTo(1));
        List<Post> posts = postsTo(channel);
        assertThat(posts).as("one message, posted with the first 2 tokens").singleElement()
                .satisfies(p -> assertThat(p.text()).isEqualTo("One two"));
        List<Update> updates = updatesOf(channel);
        assertThat(updates).as("edits of that message only").allSatisfy(u -> {
            assertThat(u.ts()).isEqualTo(posts.get(0).ts());
            assertThat(u.token()).isEqualTo(SlackChannelTest.TOKEN);
        });
        assertThat(updates.stream().map(Update::text).toList()).as("every 2 tokens, then the final text, in order")
                .containsExactly("One two three four", "One two three four five.", "One two three four five.");

        String other = "C-llm-" + UUID.randomUUID();
        assertThat(slack.sendMessageEvent(SlackChannelTest.events(cluster, 0, plain), SlackChannelTest.SIGNING_SECRET,
                MessageEventSpec.of(other, "U1", "Count to five")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> postsTo(other).size() == 1);
        assertThat(postsTo(other).get(0).text()).as("without the setting: the final text only")
                .isEqualTo("One two three four five.");
        assertThat(updatesOf(other)).isEmpty();
    }

    private static List<Post> postsTo(String channel) {
        return slack.posts().stream().filter(p -> channel.equals(p.channel())).toList();
    }

    private static List<Update> updatesOf(String channel) {
        return slack.updates().stream().filter(u -> channel.equals(u.channel())).toList();
    }

    @Test
    void rateLimitingIsWaitedOutAsTheServiceAsksAndRetried() {
        String bot = bot("busy", "retries: 2\ntimeout: 8s\n");
        SentMessage sent = client.conversations().sendBlocking(ConversationRef.of(bot, "c-1", "bob"), "Hi");
        assertThat(texts(sent.replies())).containsExactly("Recovered.");
        List<FakeChatCompletions.Seen> seen = service.seen("busy");
        assertThat(seen).hasSize(3);
        for (int i = 1; i < 3; i++) {
            assertThat(Duration.ofNanos(seen.get(i).atNanos() - seen.get(i - 1).atNanos()))
                    .as("Retry-After: 1 is honoured (own backoff would be 250 ms)")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void aServiceThatHangsGetsTheFailureReplyWithinTheBotsTimeout() {
        String bot = bot("stuck", "timeout: 1s\nfailure_reply: \"Sorry, I cannot think right now.\"\n");
        // The bot's own 1 s timeout answers with its failure reply; the node's 10 s handler timeout would fail the
        // turn without any reply, so the reply itself shows which one ended the call (no wall-clock bound needed).
        SentMessage sent = client.conversations().sendBlocking(ConversationRef.of(bot, "c-1", "carol"), "Hi");
        assertThat(texts(sent.replies())).containsExactly("Sorry, I cannot think right now.");
    }

    @Test
    void aMalformedStreamFailsTheMessageAndAnswersNothing() {
        try (Logs logs = Logs.start()) {
            String bot = bot("garbled", "");
            SentMessage sent = client.conversations().sendBlocking(ConversationRef.of(bot, "c-1", "dave"), "Hi");
            assertThat(sent.replies()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.contains("answer could not be read")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.bots().statsBlocking(bot)
                    .errors()).isEqualTo(1));
        }
    }

    @Test
    void aSpentBudgetAnswersWithTheBudgetReplyWithoutCallingTheService() {
        String bot = bot("quick", "tokens_per_day: 10\nbudget_reply: \"Budget spent for today.\"\n");
        ConversationRef ref = ConversationRef.of(bot, "c-1", "erin");
        assertThat(texts(client.conversations().sendBlocking(ref, "One").replies())).containsExactly("Hello there!");
        int calls = service.seen("quick").size();
        assertThat(texts(client.conversations().sendBlocking(ref, "Two").replies()))
                .containsExactly("Budget spent for today.");
        assertThat(service.seen("quick")).as("no call while over budget").hasSize(calls);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            BotStats stats = client.bots().statsBlocking(bot);
            assertThat(stats.llmOverBudget()).isEqualTo(1);
            assertThat(stats.llmTokens()).isEqualTo(25);
        });
    }

    @Test
    void theApiKeyIsNeverLoggedShownOrStoredInErrors() {
        try (Logs logs = Logs.start()) {
            String bot = bot("leaky", "");
            BotView view = client.bots().getBlocking(bot);
            assertThat(view.handlerSettings()).doesNotContain(KEY).contains("api_key");
            SentMessage sent = client.conversations().sendBlocking(ConversationRef.of(bot, "c-1", "frank"), "Hi");
            assertThat(sent.replies()).isEmpty();
            assertThat(service.seen("leaky")).singleElement()
                    .satisfies(s -> assertThat(s.authorization()).isEqualTo("Bearer " + KEY));
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.contains("refused the request (401: invalid_api_key)")));
            assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(KEY));
        }

        BotgridException refused = BotTestSupport.failure(ErrorCode.INVALID_ARGUMENT, () -> client.bots()
                .createBlocking(BotSpec.of("Hot", "llm").withHandlerSettings(settings("stream", "temperature: 5\n"))));
        assertThat(refused.getMessage()).contains("line 4: 'temperature' must be a number from 0 to 2, not 5")
                .doesNotContain(KEY);
    }

    /** What the node logs in this JVM while open, as formatted lines with their stack traces. */
    static final class Logs implements AutoCloseable {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        static Logs start() {
            Logs logs = new Logs();
            logs.appender.start();
            logs.root.addAppender(logs.appender);
            return logs;
        }

        List<String> lines() {
            synchronized (appender) {
                return appender.list.stream().map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                        .toList();
            }
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
