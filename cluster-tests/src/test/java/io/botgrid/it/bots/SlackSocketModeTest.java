package io.botgrid.it.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.botgrid.actor.ActorId;
import io.botgrid.actor.ActorTypes;
import io.botgrid.actor.RejectionCode;
import io.botgrid.bots.platform.BotApiException;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.node.BotgridNode;
import io.botgrid.proto.v1.ChannelKind;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.HistoryTurn;
import io.botgrid.proto.v1.SessionRef;
import io.botgrid.proto.v1.SpecStatus;
import io.botgrid.testkit.FakeSlack;
import io.botgrid.testkit.FakeSlack.MessageEventSpec;
import io.botgrid.testkit.FakeSlack.Post;
import io.botgrid.testkit.FakeSlackSocketMode;
import io.botgrid.testkit.TestCluster;
import io.botgrid.workers.spi.WorkerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Slack Socket Mode end to end: a real cluster, the test kit's local Slack with its WebSocket side, real sockets.
 * The bot's receiver connects with its app token, stores each envelope's message before acknowledging it, replies
 * through {@code chat.postMessage}, follows Slack's {@code disconnect} and network drops without losing or repeating
 * a reply, and moves with the bot's owner node when that node dies. A refused app token is an error of the connect
 * call, and one revoked later is retried slowly with Slack's reason in the receiver's state. The tests share one
 * cluster and run in order (the fourth kills a node).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlackSocketModeTest {
    private static final String APP_TOKEN = "xapp-1-A0FAKE-test";
    private static final String BOT = "socket-bot";

    private static FakeSlack slack;
    private static FakeSlackSocketMode socket;
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        slack = FakeSlack.start();
        socket = slack.enableSocketMode(APP_TOKEN);
        // Three nodes: with majority fencing, the survivors of one crash keep writing.
        cluster = TestCluster.builder().nodes(3).actorTypes(ActorTypes.none()).start();
        createSocketBot(cluster.node(0).bots(), BOT, APP_TOKEN);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    private static void createSocketBot(BotsApi api, String botId, String appToken) {
        api.createBot(CreateBotRequest.newBuilder().setBotId(botId).setName("Socket echo").setHandler("echo").build())
                .join();
        api.connectChannel(ConnectChannelRequest.newBuilder().setBotId(botId).setKind(ChannelKind.CHANNEL_KIND_SLACK)
                .putSettings("app_token", appToken).putSettings("bot_token", SlackChannelTest.TOKEN)
                .putSettings("bot_user_id", "UBOT").putSettings("api_base_url", slack.baseUrl().toString())
                .build()).join();
    }

    @Test
    @Order(1)
    void aMessageIsStoredThenAcknowledgedAndAnsweredThroughPostMessage() {
        await().atMost(Duration.ofSeconds(30)).until(() -> socket.openConnections() == 1);
        Map<String, List<String>> storedAtAck = new ConcurrentHashMap<>();
        socket.onAck(envelope -> storedAtAck.put(envelope, history(survivor(), "C1:U1")));

        String envelope = socket.sendMessageEvent(MessageEventSpec.of("C1", "U1", "hello socket"));

        await().atMost(Duration.ofSeconds(30)).until(() -> posts("C1").size() == 1);
        assertThat(posts("C1").get(0).text()).isEqualTo("hello socket");
        assertThat(posts("C1").get(0).token()).isEqualTo(SlackChannelTest.TOKEN);
        // The reply may reach Slack before the ack does: the outbox sends it as soon as it is stored.
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.acks().contains(envelope));
        assertThat(storedAtAck.get(envelope)).as("the message was in its session when the ack left")
                .contains("hello socket");
    }

    @Test
    @Order(2)
    void slacksDisconnectAndDropsReconnectWithoutLossOrDuplicateReply() {
        await().atMost(Duration.ofSeconds(30)).until(() -> socket.openConnections() == 1);
        int accepted = socket.connectionsAccepted();
        MessageEventSpec first = MessageEventSpec.of("C2", "U2", "before refresh");
        socket.sendMessageEvent(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> posts("C2").size() == 1);

        socket.requestDisconnect("refresh_requested");
        // A new connection first, then the old one closed.
        await().atMost(Duration.ofSeconds(30)).until(() -> socket.connectionsAccepted() == accepted + 1
                && socket.openConnections() == 1);
        String again = socket.sendMessageEvent(first); // Slack delivers the same message again on the new link
        socket.sendMessageEvent(MessageEventSpec.of("C3", "U3", "after refresh"));
        await().atMost(Duration.ofSeconds(30)).until(() -> socket.acks().contains(again)
                && posts("C3").size() == 1);
        assertThat(history(survivor(), "C2:U2")).as("stored and answered once").containsExactly("before refresh",
                "before refresh");

        socket.dropConnections(); // a network failure: reconnect after a backoff
        await().atMost(Duration.ofSeconds(30)).until(() -> socket.connectionsAccepted() == accepted + 2
                && socket.openConnections() == 1);
        socket.sendMessageEvent(MessageEventSpec.of("C4", "U4", "after drop"));
        await().atMost(Duration.ofSeconds(30)).until(() -> posts("C4").size() == 1);
        assertThat(posts("C2")).hasSize(1);
        assertThat(posts("C3")).extracting(Post::text).containsExactly("after refresh");
    }

    @Test
    @Order(3)
    void aRefusedAppTokenFailsTheConnectWithSlacksReasonAndStartsNoReceiver() {
        BotsApi api = survivor().bots();
        int callsBefore = slack.connectionsOpenCalls().size();
        api.createBot(CreateBotRequest.newBuilder().setBotId("bad-token-bot").setName("Bad").setHandler("echo")
                .build()).join();

        assertThatThrownBy(() -> api.connectChannel(ConnectChannelRequest.newBuilder().setBotId("bad-token-bot")
                .setKind(ChannelKind.CHANNEL_KIND_SLACK).putSettings("app_token", "xapp-1-revoked")
                .putSettings("bot_token", SlackChannelTest.TOKEN)
                .putSettings("api_base_url", slack.baseUrl().toString()).build()).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(BotApiException.class)
                .hasMessageContaining("Slack refused the app token (apps.connections.open: invalid_auth)")
                .satisfies(e -> assertThat(((BotApiException) e).code())
                        .isEqualTo(RejectionCode.FAILED_PRECONDITION));
        assertThat(slack.connectionsOpenCalls().subList(callsBefore, slack.connectionsOpenCalls().size()))
                .as("one check, no retries").containsExactly("invalid_auth");
        assertThat(survivor().workerCluster().spec("bot.bad-token-bot")).isEmpty();
        assertThat(api.getBot("bad-token-bot").join().getChannelsList()).isEmpty();

        assertThatThrownBy(() -> api.connectChannel(ConnectChannelRequest.newBuilder().setBotId("bad-token-bot")
                .setKind(ChannelKind.CHANNEL_KIND_SLACK).putSettings("app_token", "xoxb-not-an-app-token")
                .putSettings("bot_token", SlackChannelTest.TOKEN).build()).join())
                .cause().hasMessageContaining("app_token must be an app-level token (xapp-...)");
    }

    @Test
    @Order(4)
    void theReceiverMovesWhenTheBotsOwnerNodeDies() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> socket.openConnections() == 1);
        BotgridNode any = survivor();
        String owner = any.ownerOf(ActorId.of("bot", BOT));
        SpecStatus before = receiverStatus(any);
        assertThat(before.getNode()).as("the receiver runs on the bot's owner node").isEqualTo(owner);
        assertThat(before.getState()).isEqualTo("running");
        int accepted = socket.connectionsAccepted();

        int victim = indexOf(owner);
        cluster.killNode(victim);

        BotgridNode left = survivor();
        await().atMost(Duration.ofSeconds(60)).until(() -> socket.connectionsAccepted() > accepted
                && socket.openConnections() == 1);
        SpecStatus after = receiverStatus(left);
        assertThat(after.getNode()).isNotEqualTo(owner).isEqualTo(left.ownerOf(ActorId.of("bot", BOT)));
        assertThat(after.getIncarnation()).isGreaterThan(before.getIncarnation());

        socket.sendMessageEvent(MessageEventSpec.of("C5", "U5", "after failover"));
        await().atMost(Duration.ofSeconds(60)).until(() -> posts("C5").size() == 1);
        assertThat(posts("C5").get(0).text()).isEqualTo("after failover");
        assertThat(receiverState(left)).startsWith("connected");
    }

    @Test
    @Order(5)
    void aTokenRevokedLaterIsRetriedSlowlyWithSlacksReasonInTheReceiversState() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> socket.openConnections() == 1);
        int before = refusals();
        slack.revokeAppToken(APP_TOKEN);
        socket.dropConnections();

        await().atMost(Duration.ofSeconds(20)).until(() -> receiverState(survivor()).contains(
                "Slack refused the app token (apps.connections.open: invalid_auth)"));
        assertThat(receiverState(survivor())).startsWith("connecting");
        // The next attempt waits for the longest backoff (30 s): a refused token is not hammered.
        assertThat(refusals() - before).isEqualTo(1);
    }

    private static int refusals() {
        return (int) slack.connectionsOpenCalls().stream().filter("invalid_auth"::equals).count();
    }

    private static String receiverState(BotgridNode node) throws Exception {
        return node.workerCluster().send("bot." + BOT + "/slack-socket-mode", WorkerMessage.of("status"))
                .get(10, TimeUnit.SECONDS).get(0).text();
    }

    private static SpecStatus receiverStatus(BotgridNode node) throws Exception {
        return node.workerCluster().status(Optional.of("bot." + BOT)).get(10, TimeUnit.SECONDS).get(0);
    }

    private static int indexOf(String nodeName) {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.node(i) != null && cluster.node(i).name().equals(nodeName)) {
                return i;
            }
        }
        throw new IllegalStateException("no node " + nodeName);
    }

    /** A node still up (the last test kills one). */
    private static BotgridNode survivor() {
        for (int i = cluster.size() - 1; i >= 0; i--) {
            BotgridNode n = cluster.node(i);
            if (n != null && n.isReady()) {
                return n;
            }
        }
        throw new IllegalStateException("no node is up");
    }

    private static List<String> history(BotgridNode node, String conversation) {
        return node.bots().history(GetHistoryRequest.newBuilder().setSession(SessionRef.newBuilder().setBotId(BOT)
                .setPlatform("slack").setTeam("T0FAKE").setConversation(conversation)).build()).join()
                .getTurnsList().stream().map(HistoryTurn::getText).toList();
    }

    private static List<Post> posts(String channel) {
        return slack.posts().stream().filter(p -> p.channel().equals(channel)).toList();
    }
}
