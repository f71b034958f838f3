package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorTypes;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.BotStats;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.HistoryTurn;
import io.botgrid.proto.v1.SessionRef;
import io.botgrid.testkit.FakeSlack;
import io.botgrid.testkit.FakeSlack.EventResult;
import io.botgrid.testkit.FakeSlack.MessageEventSpec;
import io.botgrid.testkit.FakeSlack.Post;
import io.botgrid.testkit.FakeSlack.SendOptions;
import io.botgrid.testkit.TestCluster;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slack end to end on a real 2-node cluster, with a local server speaking Slack's protocol: signed events in through
 * either node's endpoint, replies out through {@code chat.postMessage}, and every refusal Slack can answer with.
 */
class SlackChannelTest {
    static final String BOT = "slack-echo";
    static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TOKEN = "xoxb-test-token-1234";
    /** A bot whose channel settings have no bot user id. */
    static final String BOT_WITHOUT_USER_ID = "slack-no-user-id";
    /** A bot set to thread its replies to top-level channel messages. */
    static final String THREADING_BOT = "slack-threads";

    private static TestCluster cluster;
    private static FakeSlack slack;
    private static BotsApi api;

    @BeforeAll
    static void start() {
        slack = FakeSlack.start();
        cluster = TestCluster.builder().nodes(2).actorTypes(ActorTypes.none()).start();
        api = cluster.node(0).bots();
        createSlackBot(api, BOT, slack);
        createSlackBot(api, BOT_WITHOUT_USER_ID, slack, Map.of());
        createSlackBot(api, THREADING_BOT, slack, Map.of("bot_user_id", "UBOT", "thread_replies", "true"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
        slack.close();
    }

    static void createSlackBot(BotsApi api, String botId, FakeSlack slack) {
        createSlackBot(api, botId, slack, Map.of("bot_user_id", "UBOT"));
    }

    /** An echo bot on Slack with {@code settings} besides the secrets and the fake's API base. */
    static void createSlackBot(BotsApi api, String botId, FakeSlack slack, Map<String, String> settings) {
        api.createBot(CreateBotRequest.newBuilder().setBotId(botId).setName("Slack echo").setHandler("echo").build())
                .join();
        connectSlack(api, botId, slack, settings);
    }

    /** Connects bot {@code botId} to Slack with {@code settings} besides the secrets and the fake's API base. */
    static void connectSlack(BotsApi api, String botId, FakeSlack slack, Map<String, String> settings) {
        api.connectChannel(ConnectChannelRequest.newBuilder().setBotId(botId).setKind(ChannelKind.CHANNEL_KIND_SLACK)
                .putSettings("signing_secret", SIGNING_SECRET).putSettings("bot_token", TOKEN)
                .putAllSettings(settings).putSettings("api_base_url", slack.baseUrl().toString()).build())
                .join();
    }

    static URI events(TestCluster cluster, int node, String botId) {
        return URI.create("http://127.0.0.1:" + cluster.node(node).endpointPort() + "/slack/events/" + botId);
    }

    private static List<Post> postsTo(String channel) {
        return slack.posts().stream().filter(p -> p.channel().equals(channel)).toList();
    }

    private static List<HistoryTurn> history(String conversation) {
        return api.history(GetHistoryRequest.newBuilder().setSession(SessionRef.newBuilder().setBotId(BOT)
                .setPlatform("slack").setTeam("T0FAKE").setConversation(conversation)).build()).join()
                .getTurnsList();
    }

    @Test
    void aSignedMessageIsAnsweredAtTheTopLevelAndInItsThreadThroughEitherNode() {
        EventResult r = slack.sendMessageEvent(events(cluster, 0, BOT), SIGNING_SECRET,
                MessageEventSpec.of("C100", "U1", "hello there").withTs("1700000000.000100"));
        assertThat(r.status()).isEqualTo(200);
        await().until(() -> postsTo("C100").size() == 1);
        Post post = postsTo("C100").get(0);
        assertThat(post.text()).isEqualTo("hello there");
        assertThat(post.threadTs()).as("a top-level message gets a top-level reply").isNull();
        assertThat(post.token()).isEqualTo(TOKEN);
        assertThat(post.replyId()).isNotBlank();

        assertThat(slack.sendMessageEvent(events(cluster, 1, BOT), SIGNING_SECRET,
                MessageEventSpec.of("C100", "U1", "in the thread").withThreadTs("1700000000.000100")).status())
                .isEqualTo(200);
        await().until(() -> postsTo("C100").size() == 2);
        assertThat(postsTo("C100").get(1).threadTs()).as("a message in a thread is answered in it")
                .isEqualTo("1700000000.000100");
        assertThat(postsTo("C100").get(1).text()).isEqualTo("in the thread");
    }

    @Test
    void aDirectMessageIsAnsweredAtTheTopLevelEvenByABotThatThreads() {
        for (String bot : List.of(BOT, THREADING_BOT)) {
            String channel = "D110-" + bot;
            assertThat(slack.sendMessageEvent(events(cluster, 0, bot), SIGNING_SECRET,
                    MessageEventSpec.direct(channel, "U11", "just us")).status()).isEqualTo(200);
            await().until(() -> postsTo(channel).size() == 1);
            assertThat(postsTo(channel).get(0).threadTs()).as(bot).isNull();
            assertThat(postsTo(channel).get(0).text()).isEqualTo("just us");
        }
    }

    @Test
    void aBotSetToThreadRepliesStartsAThreadUnderATopLevelMessage() {
        assertThat(slack.sendMessageEvent(events(cluster, 1, THREADING_BOT), SIGNING_SECRET,
                MessageEventSpec.of("C120", "U12", "thread me").withTs("1700000120.000100")).status())
                .isEqualTo(200);
        await().until(() -> postsTo("C120").size() == 1);
        assertThat(postsTo("C120").get(0).threadTs()).isEqualTo("1700000120.000100");

        assertThat(slack.sendMessageEvent(events(cluster, 0, THREADING_BOT), SIGNING_SECRET,
                MessageEventSpec.of("C120", "U12", "and again").withThreadTs("1700000120.000100")).status())
                .isEqualTo(200);
        await().until(() -> postsTo("C120").size() == 2);
        assertThat(postsTo("C120").get(1).threadTs()).isEqualTo("1700000120.000100");
    }

    @Test
    void aPersonsMessageDeliveredOnTheirOwnBehalfIsAnswered() {
        // Apps that also receive events for users get a person's message with that person's authorization
        // (is_bot false); it must not be taken for the bot's own message, with or without a configured bot user id.
        for (String bot : List.of(BOT, BOT_WITHOUT_USER_ID)) {
            String channel = "C130-" + bot;
            assertThat(slack.sendMessageEvent(events(cluster, 0, bot), SIGNING_SECRET,
                    MessageEventSpec.of(channel, "U13", "it is me").onBehalfOf("U13")).status()).isEqualTo(200);
            await().until(() -> postsTo(channel).size() == 1);
            assertThat(postsTo(channel).get(0).text()).as(bot).isEqualTo("it is me");
        }
        // The bot's own message is still recognised from the authorization that is the bot.
        assertThat(slack.sendMessageEvent(events(cluster, 1, BOT_WITHOUT_USER_ID), SIGNING_SECRET,
                MessageEventSpec.of("C131", "UBOT", "my own words")).status()).isEqualTo(200);
        await().during(Duration.ofSeconds(1)).until(() -> postsTo("C131").isEmpty());
    }

    @Test
    void forgedOrStaleEventsAreRefusedAndNothingIsStored() {
        MessageEventSpec spec = MessageEventSpec.of("C200", "U2", "let me in");
        assertThat(slack.sendMessageEvent(events(cluster, 0, BOT), SIGNING_SECRET, spec,
                SendOptions.honest().withWrongSecret()).status()).isEqualTo(401);
        assertThat(slack.sendMessageEvent(events(cluster, 1, BOT), SIGNING_SECRET, spec,
                SendOptions.honest().stale()).status()).isEqualTo(401);
        await().during(Duration.ofSeconds(1)).until(() -> postsTo("C200").isEmpty());
        assertThat(history("C200:U2")).isEmpty();
    }

    @Test
    void slackRetriesAndTheMentionEventOfOneMessageAreHandledOnce() {
        MessageEventSpec spec = MessageEventSpec.of("C300", "U3", "only once").withEventId("Ev300ONCE")
                .withTs("1700000300.000100");
        assertThat(slack.sendMessageEvent(events(cluster, 0, BOT), SIGNING_SECRET, spec).status()).isEqualTo(200);
        assertThat(slack.sendMessageEvent(events(cluster, 1, BOT), SIGNING_SECRET, spec,
                SendOptions.honest().retry(1)).status()).isEqualTo(200);
        assertThat(slack.sendMessageEvent(events(cluster, 0, BOT), SIGNING_SECRET, spec,
                SendOptions.honest().retry(2)).status()).isEqualTo(200);
        // An app subscribed to message and app_mention events gets both for a mention, with other event ids.
        assertThat(slack.sendMessageEvent(events(cluster, 1, BOT), SIGNING_SECRET,
                spec.withEventId("Ev300MENTION").asAppMention()).status()).isEqualTo(200);
        await().until(() -> postsTo("C300").size() == 1);
        await().during(Duration.ofMillis(1500)).until(() -> postsTo("C300").size() == 1);
        assertThat(history("C300:U3")).extracting(HistoryTurn::getText).containsExactly("only once", "only once");
    }

    @Test
    void rateLimitedPostsAreRetriedAfterRetryAfter() {
        slack.answerNext(1, 429, Duration.ofSeconds(3));
        slack.sendMessageEvent(events(cluster, 0, BOT), SIGNING_SECRET, MessageEventSpec.of("C400", "U4", "later"));
        await().until(() -> slack.rejected().stream().anyMatch(x -> x.attempt().channel().equals("C400")));
        long refusedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).until(() -> postsTo("C400").size() == 1);
        long waited = Duration.ofNanos(System.nanoTime() - refusedAt).toMillis();
        assertThat(waited).as("the retry waited for Retry-After (3 s)").isGreaterThanOrEqualTo(2_000);
        assertThat(postsTo("C400").get(0).text()).isEqualTo("later");
    }

    @Test
    void aPermanentSlackErrorIsNotRetriedAndCountsAsAnError() {
        long errorsBefore = stats().getErrors();
        slack.failWith("channel_not_found");
        try {
            slack.sendMessageEvent(events(cluster, 1, BOT), SIGNING_SECRET,
                    MessageEventSpec.of("C500", "U5", "nowhere"));
            await().until(() -> refusalsTo("C500") == 1);
            await().during(Duration.ofSeconds(2)).until(() -> refusalsTo("C500") == 1);
        } finally {
            slack.clearFailure();
        }
        assertThat(postsTo("C500")).isEmpty();
        await().untilAsserted(() -> assertThat(stats().getErrors()).isGreaterThan(errorsBefore));
    }

    private static long refusalsTo(String channel) {
        return slack.rejected().stream().filter(x -> x.attempt().channel().equals(channel)).count();
    }

    private static BotStats stats() {
        return api.stats(BOT).join();
    }

    @Test
    void urlVerificationIsAnsweredAndOwnMessagesAreIgnored() {
        EventResult challenge = slack.sendUrlVerification(events(cluster, 0, BOT), SIGNING_SECRET, "chal-123");
        assertThat(challenge.status()).isEqualTo(200);
        assertThat(challenge.body()).contains("chal-123");

        assertThat(slack.sendMessageEvent(events(cluster, 0, BOT), SIGNING_SECRET,
                MessageEventSpec.of("C600", "UBOT", "my own reply")).status()).isEqualTo(200);
        await().during(Duration.ofSeconds(1)).until(() -> postsTo("C600").isEmpty());

        assertThat(slack.sendMessageEvent(events(cluster, 0, "no-such-bot"), SIGNING_SECRET,
                MessageEventSpec.of("C600", "U6", "hi")).status()).isEqualTo(404);
    }
}
