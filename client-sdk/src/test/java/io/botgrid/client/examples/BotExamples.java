package io.botgrid.client.examples;

import io.botgrid.client.BotQuery;
import io.botgrid.client.BotSpec;
import io.botgrid.client.BotState;
import io.botgrid.client.BotUpdate;
import io.botgrid.client.BotView;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.BotgridException;
import io.botgrid.client.Conversation;
import io.botgrid.client.ConversationListener;
import io.botgrid.client.ConversationRef;
import io.botgrid.client.ErrorCode;
import io.botgrid.client.HistoryTurn;
import io.botgrid.client.Page;
import io.botgrid.client.PageRequest;
import io.botgrid.client.Reply;
import io.botgrid.client.SentMessage;
import io.botgrid.client.SessionRef;
import io.botgrid.client.SlackSettings;
import io.botgrid.client.SlackSocketModeSettings;
import io.botgrid.client.WebhookSettings;
import io.botgrid.proto.v1.ChainSpec;
import io.botgrid.proto.v1.ChainStage;
import io.botgrid.proto.v1.WorkerFunction;
import io.botgrid.proto.v1.WorkerSpec;
import java.util.Iterator;

/**
 * The examples shown in docs/bots.md, compiled with the build so they cannot rot. The text between the
 * {@code // tag::NAME[]} and {@code // end::NAME[]} markers is what the guide shows.
 */
final class BotExamples {
    private BotExamples() {
    }

    static BotView create(BotgridClient client) {
        // tag::create[]
        String rules = """
                rules:
                  - match: "(?i)^(hello|hi)\\\\b"
                    reply: "Hello {user}! Ask me about opening hours."
                  - keyword: "hours"
                    reply: "We are open 9:00-17:00, Monday to Friday."
                fallback: "Sorry, I did not get that. Try 'hours'."
                """;
        BotView bot = client.bots().createBlocking(BotSpec.of("Front desk", "rules")
                .withId("front-desk")                     // omit to let the cluster pick an id
                .withHandlerSettings(rules));
        System.out.println(bot.id() + " is " + bot.state());   // front-desk is ACTIVE
        // end::create[]
        return bot;
    }

    static void send(BotgridClient client) {
        // tag::send[]
        ConversationRef ticket = ConversationRef.of("front-desk", "ticket-4711", "alice");
        SentMessage sent = client.conversations().sendBlocking(ticket, "hello");
        sent.replies().forEach(r -> System.out.println("bot> " + r.text()));  // bot> Hello alice! Ask me ...
        // end::send[]
    }

    static Conversation converse(BotgridClient client, long lastSeqSeenBefore) {
        // tag::converse[]
        ConversationRef chat = ConversationRef.of("front-desk", "chat-42", "bob");
        Conversation conversation = client.conversations().open(chat, lastSeqSeenBefore,
                new ConversationListener() {
                    @Override
                    public void onReply(Reply reply) {
                        System.out.println("bot> " + reply.text() + "   (seq " + reply.seq() + ")");
                    }

                    @Override
                    public void onError(BotgridException error) {
                        System.err.println("conversation ended: " + error.getMessage());
                    }
                });
        conversation.send("what are your hours?");
        // ... later: close() lets the last replies arrive; keep conversation.lastSeq() to resume after it
        conversation.close();
        // end::converse[]
        return conversation;
    }

    static void manage(BotgridClient client) {
        // tag::manage[]
        client.bots().updateBlocking(BotUpdate.of("front-desk").withName("Front desk (EN)"));  // the rest stays
        client.bots().pauseBlocking("front-desk");      // records messages, does not answer
        client.bots().resumeBlocking("front-desk");

        Page<BotView> first = client.bots().listBlocking(BotQuery.inState(BotState.ACTIVE).withPageSize(50));
        if (first.hasNext()) {
            Page<BotView> second = client.bots().listBlocking(BotQuery.inState(BotState.ACTIVE).withPageSize(50)
                    .next(first));
            System.out.println(second.items().size() + " more");
        }
        Iterator<BotView> all = client.bots().listAll(BotQuery.all());   // every page, read as you go
        all.forEachRemaining(b -> System.out.println(b.id() + " " + b.state()));
        // end::manage[]
    }

    static void history(BotgridClient client) {
        // tag::history[]
        SessionRef session = ConversationRef.of("front-desk", "ticket-4711", "alice").session();
        PageRequest page = PageRequest.first(100);
        Page<HistoryTurn> turns;
        do {
            turns = client.conversations().historyBlocking(session, page);
            turns.items().forEach(t -> System.out.println(t.role() + ": " + t.text()));
            page = page.next(turns);
        } while (turns.hasNext());
        // end::history[]
    }

    static BotView chainBot(BotgridClient client) {
        // tag::chain-bot[]
        WorkerFunction echo = WorkerFunction.newBuilder().setFunction("echo").build();
        client.workers().declareBlocking(WorkerSpec.newBuilder().setId("support-pipeline")
                .setChain(ChainSpec.newBuilder()
                        .addStages(ChainStage.newBuilder().setName("classify").setWorker(WorkerFunction.newBuilder()
                                .setFunction("http").putSettings("url", "https://nlp.example.com/classify")))
                        .addStages(ChainStage.newBuilder().setName("answer").setWorker(echo)
                                .setMinInstances(2).setMaxInstances(8).setKeyedOrder(true))
                        .setEnd(echo))
                .build());
        BotView bot = client.bots().createBlocking(BotSpec.of("Support", "chain:support-pipeline")
                .withId("support"));     // refused (INVALID_ARGUMENT) if the chain is not declared
        // end::chain-bot[]
        return bot;
    }

    static void connect(BotgridClient client) {
        // tag::connect-slack[]
        BotView bot = client.bots().connectSlackBlocking("front-desk",
                SlackSettings.of(System.getenv("SLACK_SIGNING_SECRET"), System.getenv("SLACK_BOT_TOKEN"))
                        .withBotUserId("U07BOTUSER"));
        System.out.println(bot.channels());   // secrets come back masked: bot_token=…9f3a
        // end::connect-slack[]
        // tag::connect-slack-socket-mode[]
        client.bots().connectSlackSocketModeBlocking("front-desk",
                SlackSocketModeSettings.of(System.getenv("SLACK_APP_TOKEN"), System.getenv("SLACK_BOT_TOKEN"))
                        .withBotUserId("U07BOTUSER"));    // FAILED_PRECONDITION if Slack refuses the app token
        // end::connect-slack-socket-mode[]
        // tag::connect-webhook[]
        client.bots().connectWebhookBlocking("front-desk",
                new WebhookSettings(System.getenv("BOTGRID_WEBHOOK_SECRET"), "https://support.example.com/botgrid"));
        // end::connect-webhook[]
    }

    static String errors(BotgridClient client, String settings) {
        // tag::errors[]
        try {
            client.bots().createBlocking(BotSpec.of("Front desk", "rules").withId("front-desk")
                    .withHandlerSettings(settings));
            return "created";
        } catch (BotgridException e) {
            return switch (e.code()) {
                case INVALID_ARGUMENT -> "fix the settings: " + e.getMessage();  // e.g. "line 4: bad regex ..."
                case ALREADY_EXISTS -> "the id is taken: " + e.getMessage();
                case PERMISSION_DENIED -> "creating bots needs the admin role";
                default -> throw e;
            };
        }
        // end::errors[]
    }

    static boolean isMissing(BotgridException e) {
        return e.code() == ErrorCode.NOT_FOUND;
    }
}
