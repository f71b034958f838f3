package io.botgrid.it.bots;

import static io.botgrid.it.bots.BotTestSupport.BAD_RULES;
import static io.botgrid.it.bots.BotTestSupport.GOOD_RULES;
import static io.botgrid.it.bots.BotTestSupport.failure;
import static io.botgrid.it.bots.BotTestSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.client.BotQuery;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotState;
import io.botgrid.client.BotUpdate;
import io.botgrid.client.BotView;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.ChannelKind;
import io.botgrid.client.ChannelView;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.HistoryTurn;
import io.botgrid.client.Page;
import io.botgrid.client.PageRequest;
import io.botgrid.client.SentMessage;
import io.botgrid.client.SlackSettings;
import io.botgrid.client.WebhookSettings;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.botgrid.testkit.TestCluster;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bot service through the SDK on a real 2-node cluster with API keys: the life of a bot, the refusals with
 * their codes and reasons, secrets, idempotent messages, and who may call what.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BotServiceSdkTest {
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final String OPERATOR = "operator-" + UUID.randomUUID();
    private static final String CLIENT = "client-" + UUID.randomUUID();

    private static TestCluster cluster;
    private static BotgridClient admin;
    private static BotgridClient operator;
    private static BotgridClient app;

    @BeforeAll
    static void start() {
        cluster = BotTestSupport.cluster(b -> b.grpcApiKeys(List.of(ApiKey.of("ops", ADMIN, Role.ADMIN),
                ApiKey.of("dashboard", OPERATOR, Role.OPERATOR), ApiKey.of("app", CLIENT, Role.CLIENT))));
        admin = BotTestSupport.client(cluster, 0, ADMIN);
        operator = BotTestSupport.client(cluster, 1, OPERATOR);
        app = BotTestSupport.client(cluster, 1, CLIENT);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {admin, operator, app, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    void aBotIsCreatedReadChangedPausedResumedAndDeleted() {
        BotView created = admin.bots().createBlocking(BotSpec.of("Greeter", "rules").withId("life-1")
                .withHandlerSettings(GOOD_RULES));
        assertThat(created.id()).isEqualTo("life-1");
        assertThat(created.state()).isEqualTo(BotState.ACTIVE);
        assertThat(created.handlerSettings()).isEqualTo(GOOD_RULES);
        assertThat(created.createdAt()).isNotNull();

        BotView read = operator.bots().getBlocking("life-1");
        assertThat(read.name()).isEqualTo("Greeter");
        assertThat(read.version()).isEqualTo(created.version());

        BotView renamed = admin.bots().updateBlocking(BotUpdate.of("life-1").withName("Greeter 2"));
        assertThat(renamed.name()).isEqualTo("Greeter 2");
        assertThat(renamed.handler()).as("unchanged").isEqualTo("rules");
        assertThat(renamed.handlerSettings()).as("unchanged").isEqualTo(GOOD_RULES);
        assertThat(renamed.version()).isGreaterThan(created.version());

        assertThat(admin.bots().pauseBlocking("life-1").state()).isEqualTo(BotState.PAUSED);
        assertThat(operator.bots().getBlocking("life-1").state()).isEqualTo(BotState.PAUSED);
        assertThat(admin.bots().resumeBlocking("life-1").state()).isEqualTo(BotState.ACTIVE);

        assertThat(admin.bots().deleteBlocking("life-1").state()).isEqualTo(BotState.DELETED);
        assertThat(failure(ErrorCode.NOT_FOUND, () -> admin.bots().getBlocking("life-1")).getMessage())
                .contains("life-1");
    }

    @Test
    void listingPagesInIdOrderAndFiltersByState() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "page-" + i;
            admin.bots().createBlocking(BotSpec.of("Page " + i, "echo").withId(id));
            ids.add(id);
        }
        admin.bots().pauseBlocking("page-1");
        admin.bots().pauseBlocking("page-3");
        admin.bots().deleteBlocking("page-4");

        List<String> seen = new ArrayList<>();
        BotQuery query = BotQuery.all().withPageSize(2);
        int pages = 0;
        Page<BotView> page;
        do {
            page = operator.bots().listBlocking(query);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().stream().map(BotView::id).filter(id -> id.startsWith("page-")).forEach(seen::add);
            query = query.next(page);
            pages++;
        } while (page.hasNext() && pages < 100);
        assertThat(seen).as("every page once, in id order, deleted ones left out")
                .containsExactly("page-0", "page-1", "page-2", "page-3");

        assertThat(ids(operator.bots().listAll(BotQuery.inState(BotState.PAUSED).withPageSize(1))))
                .containsExactly("page-1", "page-3");
        assertThat(ids(operator.bots().listAll(BotQuery.inState(BotState.DELETED)))).contains("page-4")
                .doesNotContain("page-0");
        assertThat(ids(operator.bots().listAll(BotQuery.inState(BotState.ACTIVE)))).contains("page-0", "page-2")
                .doesNotContain("page-1", "page-3", "page-4");
    }

    private static List<String> ids(Iterator<BotView> bots) {
        List<String> ids = new ArrayList<>();
        bots.forEachRemaining(b -> {
            if (b.id().startsWith("page-")) {
                ids.add(b.id());
            }
        });
        return ids;
    }

    @Test
    void badRequestsAreRefusedWithTheirCodeAndReason() {
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.bots().createBlocking(
                BotSpec.of("Nobody", "no-such-handler").withId("bad-1"))).getMessage()).contains("no-such-handler");
        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.bots().createBlocking(
                BotSpec.of("Broken", "rules").withId("bad-2").withHandlerSettings(BAD_RULES))).getMessage())
                .as("the line of the offending rule").contains("line 4");
        failure(ErrorCode.NOT_FOUND, () -> admin.bots().getBlocking("bad-2"));

        admin.bots().createBlocking(BotSpec.of("Taken", "echo").withId("dup-1").withIdempotencyKey("dup-key"));
        assertThat(admin.bots().createBlocking(BotSpec.of("Taken", "echo").withId("dup-1")
                .withIdempotencyKey("dup-key")).id()).as("a retry of the same call gets its result").isEqualTo("dup-1");
        assertThat(failure(ErrorCode.ALREADY_EXISTS, () -> admin.bots().createBlocking(
                BotSpec.of("Again", "echo").withId("dup-1"))).getMessage()).contains("dup-1");

        assertThat(failure(ErrorCode.INVALID_ARGUMENT, () -> admin.bots().updateBlocking(
                BotUpdate.of("dup-1").withHandler("rules").withHandlerSettings(BAD_RULES))).getMessage())
                .contains("line 4");
        assertThat(admin.bots().getBlocking("dup-1").handler()).as("a refused update changes nothing")
                .isEqualTo("echo");

        failure(ErrorCode.NOT_FOUND, () -> admin.bots().getBlocking("ghost"));
        failure(ErrorCode.NOT_FOUND, () -> admin.bots().pauseBlocking("ghost"));
        failure(ErrorCode.NOT_FOUND, () -> admin.bots().updateBlocking(BotUpdate.of("ghost").withName("x")));
        failure(ErrorCode.NOT_FOUND, () -> app.conversations().sendBlocking(
                ConversationRef.of("ghost", "c", "u"), "hello"));
    }

    @Test
    void secretsAreNeverReturnedInFull() {
        String signing = "sig-" + UUID.randomUUID().toString().replace("-", "");
        String token = "xoxb-1111-2222-" + UUID.randomUUID().toString().replace("-", "");
        String hookSecret = "hook-" + UUID.randomUUID().toString().replace("-", "");
        String handlerSecret = "handler-" + UUID.randomUUID().toString().replace("-", "");
        admin.bots().createBlocking(BotSpec.of("Secretive", "webhook").withId("secrets-1")
                .withHandlerSettings("url: http://127.0.0.1:9/answer\nsecret: " + handlerSecret + "\n"));
        admin.bots().connectSlackBlocking("secrets-1", SlackSettings.of(signing, token).withBotUserId("U0BOT")
                .withThreadReplies(true));
        BotView bot = admin.bots().connectWebhookBlocking("secrets-1",
                new WebhookSettings(hookSecret, "http://127.0.0.1:9/replies"));

        for (BotView view : List.of(bot, operator.bots().getBlocking("secrets-1"))) {
            String shown = view.toString();
            assertThat(shown).doesNotContain(signing).doesNotContain(token).doesNotContain(hookSecret)
                    .doesNotContain(handlerSecret);
            ChannelView slack = view.channel(ChannelKind.SLACK).orElseThrow();
            assertThat(slack.settings().get("bot_token")).endsWith(token.substring(token.length() - 4))
                    .isNotEqualTo(token);
            assertThat(slack.settings().get("bot_user_id")).isEqualTo("U0BOT");
            assertThat(slack.settings().get("thread_replies")).isEqualTo("true");
            assertThat(slack.ingressPath()).isEqualTo("/slack/events/secrets-1");
            assertThat(view.channel(ChannelKind.WEBHOOK).orElseThrow().settings().get("url"))
                    .isEqualTo("http://127.0.0.1:9/replies");
        }
        BotView disconnected = admin.bots().disconnectBlocking("secrets-1", ChannelKind.SLACK);
        assertThat(disconnected.channel(ChannelKind.SLACK)).isEmpty();
        assertThat(disconnected.channel(ChannelKind.WEBHOOK)).isPresent();
    }

    @Test
    void aMessageSentTwiceWithItsIdIsHandledOnceAndAnsweredTheSame() {
        admin.bots().createBlocking(BotSpec.of("Greeter", "rules").withId("idem-1").withHandlerSettings(GOOD_RULES));
        ConversationRef ref = ConversationRef.of("idem-1", "c-" + UUID.randomUUID(), "alice");
        SentMessage first = app.conversations().sendBlocking(ref, "my name is Alice", "m-1");
        assertThat(texts(first.replies())).containsExactly("Nice to meet you, Alice.");
        assertThat(first.duplicate()).isFalse();
        assertThat(first.state()).isEqualTo("introduced");

        SentMessage again = app.conversations().sendBlocking(ref, "my name is Alice", "m-1");
        assertThat(again.duplicate()).isTrue();
        assertThat(again.replies()).isEqualTo(first.replies());

        SentMessage hello = app.conversations().sendBlocking(ref, "hello");
        assertThat(texts(hello.replies())).containsExactly("Hello alice!");

        List<HistoryTurn> turns = app.conversations().historyBlocking(ref.session(), PageRequest.first(100)).items();
        assertThat(turns).filteredOn(t -> t.role() == HistoryTurn.Role.USER).extracting(HistoryTurn::text)
                .as("the repeated message is in the history once").containsExactly("my name is Alice", "hello");
        assertThat(turns).filteredOn(t -> t.role() == HistoryTurn.Role.BOT).extracting(HistoryTurn::text)
                .containsExactly("Nice to meet you, Alice.", "Hello alice!");
        assertThat(app.conversations().sessionsBlocking("idem-1", PageRequest.FIRST).items())
                .anySatisfy(s -> assertThat(s.session()).isEqualTo(ref.session()));
    }

    @Test
    void eachRoleMayCallOnlyItsMethods() {
        admin.bots().createBlocking(BotSpec.of("Echo", "echo").withId("roles-1"));
        ConversationRef ref = ConversationRef.of("roles-1", "c", "u");

        assertThat(failure(ErrorCode.PERMISSION_DENIED, () -> operator.bots().createBlocking(
                BotSpec.of("No", "echo").withId("roles-2"))).getMessage())
                .contains("botgrid.v1.BotService/CreateBot").contains("it needs admin");
        failure(ErrorCode.PERMISSION_DENIED, () -> operator.bots().pauseBlocking("roles-1"));
        failure(ErrorCode.PERMISSION_DENIED, () -> app.bots().getBlocking("roles-1"));
        failure(ErrorCode.PERMISSION_DENIED, () -> app.bots().deleteBlocking("roles-1"));
        assertThat(failure(ErrorCode.PERMISSION_DENIED, () -> operator.conversations().sendBlocking(ref, "hi"))
                .getMessage()).contains("it needs client or admin");

        assertThat(operator.bots().getBlocking("roles-1").id()).isEqualTo("roles-1");
        assertThat(operator.bots().statsBlocking("roles-1").botId()).isEqualTo("roles-1");
        assertThat(texts(app.conversations().sendBlocking(ref, "hi").replies())).containsExactly("hi");
        assertThat(texts(admin.conversations().sendBlocking(ref, "admin too").replies()))
                .containsExactly("admin too");
        assertThat(admin.bots().getBlocking("roles-1").state()).as("nothing changed by refused calls")
                .isEqualTo(BotState.ACTIVE);
    }
}
