package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.botgrid.bots.platform.BotApiException;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.RejectionCode;
import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRef;
import io.botgrid.proto.v1.BotState;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.GetHistoryResponse;
import io.botgrid.proto.v1.HistoryTurn;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.ListBotsResponse;
import io.botgrid.proto.v1.ListSessionsRequest;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.proto.v1.SendMessageResponse;
import io.botgrid.proto.v1.SessionRef;
import io.botgrid.proto.v1.UpdateBotRequest;
import io.botgrid.testkit.TestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bot platform through its node facade on a real 2-node cluster: bots' lifecycle and validation, conversations
 * with the echo and rules handlers, de-duplication, isolation of sessions, history and the reply stream.
 */
class BotPlatformTest {
    static final String RULES = """
            rules:
              - match: "my name is (?<name>\\\\w+)"
                set: { name: "{name}" }
                reply: "Hello {name}"
                goto: named
              - keyword: "who"
                when: named
                reply: "You are {name}"
            fallback: "pardon?"
            """;

    private static TestCluster cluster;
    private static BotsApi api;
    private static BotsApi other;

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(ActorTypes.none()).start();
        api = cluster.node(0).bots();
        other = cluster.node(1).bots();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Bot create(String id, String handler, String settings) {
        return api.createBot(CreateBotRequest.newBuilder().setBotId(id).setName("Bot " + id).setHandler(handler)
                .setHandlerSettings(settings).build()).join();
    }

    private static SendMessageResponse send(BotsApi through, String bot, String team, String conversation,
                                            String text, String messageId) {
        return through.sendMessage(SendMessageRequest.newBuilder().setBotId(bot).setTeam(team)
                .setConversation(conversation).setUserId("u1").setText(text).setMessageId(messageId).build()).join();
    }

    private static List<String> texts(SendMessageResponse r) {
        return r.getRepliesList().stream().map(Reply::getText).toList();
    }

    private static RejectionCode kindOf(Throwable t) {
        Throwable cause = t instanceof CompletionException ? t.getCause() : t;
        assertThat(cause).isInstanceOf(BotApiException.class);
        return ((BotApiException) cause).code();
    }

    @Test
    void echoBotAnswersThroughEitherNodeAndDeduplicatesByMessageId() {
        create("echo-1", "echo", "");
        SendMessageResponse first = send(api, "echo-1", "t", "c", "hello", "m1");
        assertThat(texts(first)).containsExactly("hello");
        assertThat(first.getDuplicate()).isFalse();
        SendMessageResponse again = send(other, "echo-1", "t", "c", "hello", "m1");
        assertThat(texts(again)).as("the retry gets the first replies").containsExactly("hello");
        assertThat(again.getDuplicate()).isTrue();
        assertThat(texts(send(other, "echo-1", "t", "c", "second", "m2"))).containsExactly("second");

        GetHistoryResponse history = api.history(GetHistoryRequest.newBuilder()
                .setSession(ref("echo-1", "t", "c")).build()).join();
        assertThat(history.getTurnsList()).extracting(HistoryTurn::getText)
                .as("m1 handled once").containsExactly("hello", "hello", "second", "second");
        assertThat(history.getTurnsList()).extracting(HistoryTurn::getRole).containsExactly(
                HistoryTurn.Role.ROLE_USER, HistoryTurn.Role.ROLE_BOT, HistoryTurn.Role.ROLE_USER,
                HistoryTurn.Role.ROLE_BOT);
    }

    /**
     * Past the runtime's idempotency cache (256 keys per actor) the session's own list of its last 500 message ids
     * catches a retry, through its hash index once the list is long: the message is not handled again, and a message
     * older than the list's reach is handled as new.
     */
    @Test
    void aSessionCatchesARetryBeyondTheIdempotencyCacheAndNotBeyondItsLastFiveHundredIds() {
        create("echo-long", "echo", "");
        for (int i = 0; i < 520; i++) {
            assertThat(send(api, "echo-long", "t", "long", "text " + i, "L" + i).getDuplicate()).isFalse();
        }
        SendMessageResponse retried = send(other, "echo-long", "t", "long", "text 100", "L100");
        assertThat(retried.getDuplicate()).as("id 100 of 520: in the session's last 500, not in the last 256 keys")
                .isTrue();
        assertThat(retried.getRepliesList()).as("not handled again").isEmpty();
        assertThat(send(api, "echo-long", "t", "long", "text 519", "L519").getDuplicate()).isTrue();
        assertThat(texts(send(api, "echo-long", "t", "long", "text 5", "L5")))
                .as("id 5 left the last 500: a new message").containsExactly("text 5");
        assertThat(texts(send(other, "echo-long", "t", "long", "text 520", "L520"))).containsExactly("text 520");
    }

    @Test
    void rulesBotKeepsVariablesAndStatePerSessionAndBotsNeverShareThem() {
        create("rules-a", "rules", RULES);
        create("rules-b", "rules", RULES);
        assertThat(texts(send(api, "rules-a", "team1", "c", "my name is Ada", "a1"))).containsExactly("Hello Ada");
        assertThat(texts(send(api, "rules-a", "team1", "c", "who", "a2"))).containsExactly("You are Ada");
        // Same conversation id in another team, and in another bot: no name, no state.
        assertThat(texts(send(api, "rules-a", "team2", "c", "who", "b1"))).containsExactly("pardon?");
        assertThat(texts(send(other, "rules-b", "team1", "c", "who", "c1"))).containsExactly("pardon?");
        assertThat(texts(send(other, "rules-b", "team1", "c", "my name is Bob", "c2"))).containsExactly("Hello Bob");
        assertThat(texts(send(api, "rules-a", "team1", "c", "who", "a3"))).containsExactly("You are Ada");
        assertThat(send(api, "rules-a", "team1", "c", "who", "a4").getState()).isEqualTo("named");
        assertThat(historyTexts(ref("rules-a", "team2", "c"))).as("team2's session sees only its own turns")
                .containsExactly("who", "pardon?");
        assertThat(historyTexts(ref("rules-b", "team1", "c"))).as("bot b's session sees only its own turns")
                .containsExactly("who", "pardon?", "my name is Bob", "Hello Bob");

        await().untilAsserted(() -> assertThat(api.listSessions(ListSessionsRequest.newBuilder()
                .setBotId("rules-a").build()).join().getSessionsList())
                .extracting(s -> s.getSession().getTeam()).containsExactly("team1", "team2"));
    }

    @Test
    void invalidBotsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> create("bad-1", "no-such-handler", ""))
                .satisfies(t -> assertThat(kindOf(t)).isEqualTo(RejectionCode.INVALID_ARGUMENT))
                .hasMessageContaining("unknown handler 'no-such-handler'");
        assertThatThrownBy(() -> create("bad-2", "rules", "rules:\n  - match: \"(unclosed\"\n    reply: x\n"))
                .satisfies(t -> assertThat(kindOf(t)).isEqualTo(RejectionCode.INVALID_ARGUMENT))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> create("Bad Id", "echo", ""))
                .satisfies(t -> assertThat(kindOf(t)).isEqualTo(RejectionCode.INVALID_ARGUMENT))
                .hasMessageContaining("bot_id must match");
        assertThatThrownBy(() -> api.getBot("never-made").join())
                .satisfies(t -> assertThat(kindOf(t)).isEqualTo(RejectionCode.NOT_FOUND));
        assertThatThrownBy(() -> send(api, "never-made", "t", "c", "hi", "x1"))
                .satisfies(t -> assertThat(kindOf(t)).isEqualTo(RejectionCode.NOT_FOUND));
        create("dup", "echo", "");
        assertThatThrownBy(() -> create("dup", "echo", ""))
                .satisfies(t -> assertThat(kindOf(t)).isEqualTo(RejectionCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> api.connectChannel(ConnectChannelRequest.newBuilder().setBotId("dup")
                .setKind(ChannelKind.CHANNEL_KIND_SLACK).putSettings("bot_token", "xoxb-1").build()).join())
                .satisfies(t -> assertThat(kindOf(t)).isEqualTo(RejectionCode.INVALID_ARGUMENT))
                .hasMessageContaining("signing_secret");
    }

    @Test
    void lifecycleUpdatesAndSecretsAreMasked() {
        create("life", "echo", "");
        Bot connected = api.connectChannel(ConnectChannelRequest.newBuilder().setBotId("life")
                .setKind(ChannelKind.CHANNEL_KIND_SLACK).putSettings("signing_secret", "s3cr3t-signing-secret")
                .putSettings("bot_token", "xoxb-0123456789").build()).join();
        assertThat(connected.getChannels(0).getSettingsMap()).containsEntry("signing_secret", "…cret")
                .containsEntry("bot_token", "…6789");
        assertThat(connected.toString()).doesNotContain("s3cr3t-signing-secret").doesNotContain("xoxb-0123456789");
        assertThat(connected.getChannels(0).getIngressPath()).isEqualTo("/slack/events/life");

        Bot updated = api.updateBot(UpdateBotRequest.newBuilder().setBotId("life").setName("Renamed")
                .setHandler("rules").setHandlerSettings(RULES).build()).join();
        assertThat(updated.getName()).isEqualTo("Renamed");
        assertThat(updated.getVersion()).isGreaterThan(connected.getVersion());
        assertThat(texts(send(api, "life", "t", "c", "zzz", "l1"))).containsExactly("pardon?");

        assertThat(api.pauseBot(BotRef.newBuilder().setBotId("life").build()).join().getState())
                .isEqualTo(BotState.BOT_STATE_PAUSED);
        assertThat(texts(send(api, "life", "t", "c", "zzz", "l2"))).as("a paused bot does not answer").isEmpty();
        api.resumeBot(BotRef.newBuilder().setBotId("life").build()).join();
        assertThat(texts(send(api, "life", "t", "c", "zzz", "l3"))).containsExactly("pardon?");

        ListBotsResponse paused = api.listBots(ListBotsRequest.newBuilder()
                .setState(BotState.BOT_STATE_PAUSED).build()).join();
        assertThat(paused.getBotsList()).extracting(Bot::getBotId).doesNotContain("life");

        api.deleteBot(BotRef.newBuilder().setBotId("life").build()).join();
        assertThatThrownBy(() -> api.getBot("life").join())
                .satisfies(t -> assertThat(kindOf(t)).isEqualTo(RejectionCode.NOT_FOUND));
        assertThatThrownBy(() -> send(api, "life", "t", "c", "zzz", "l4"))
                .satisfies(t -> assertThat(kindOf(t)).isEqualTo(RejectionCode.NOT_FOUND));
    }

    @Test
    void listsBotsInPages() {
        for (int i = 0; i < 5; i++) {
            create("page-" + i, "echo", "");
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            ListBotsResponse page = other.listBots(ListBotsRequest.newBuilder().setPageSize(2).setPageToken(token)
                    .build()).join();
            assertThat(page.getBotsCount()).isLessThanOrEqualTo(2);
            page.getBotsList().forEach(b -> seen.add(b.getBotId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(seen).isSorted().doesNotHaveDuplicates()
                .contains("page-0", "page-1", "page-2", "page-3", "page-4");
    }

    @Test
    void followersGetEveryReplyOnceAndResumeAfterTheLastSeen() {
        create("stream", "echo", "");
        SessionRef session = ref("stream", "t", "s");
        send(api, "stream", "t", "s", "one", "s1");
        List<Reply> first = new CopyOnWriteArrayList<>();
        long[] caughtUp = {-1};
        BotsApi.Subscription sub = other.followReplies(session, 0, first::add, seq -> caughtUp[0] = seq,
                e -> { });
        await().until(() -> caughtUp[0] >= 0);
        send(api, "stream", "t", "s", "two", "s2");
        await().until(() -> first.size() == 2);
        sub.close();
        send(api, "stream", "t", "s", "three", "s3");

        List<Reply> resumed = new CopyOnWriteArrayList<>();
        BotsApi.Subscription again = api.followReplies(session, first.get(1).getSeq(), resumed::add, seq -> { },
                e -> { });
        await().until(() -> resumed.size() == 1);
        send(api, "stream", "t", "s", "four", "s4");
        await().until(() -> resumed.size() == 2);
        again.close();
        assertThat(first).extracting(Reply::getText).containsExactly("one", "two");
        assertThat(resumed).extracting(Reply::getText).containsExactly("three", "four");
    }

    private static List<String> historyTexts(SessionRef session) {
        return api.history(GetHistoryRequest.newBuilder().setSession(session).build()).join().getTurnsList().stream()
                .map(HistoryTurn::getText).toList();
    }

    static SessionRef ref(String bot, String team, String conversation) {
        return SessionRef.newBuilder().setBotId(bot).setPlatform("grpc").setTeam(team).setConversation(conversation)
                .build();
    }
}
