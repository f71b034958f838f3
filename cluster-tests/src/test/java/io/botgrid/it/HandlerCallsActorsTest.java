package io.botgrid.it;

import static io.botgrid.it.Ledger.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.botgrid.actor.ActorId;
import io.botgrid.bots.ActorCallException;
import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.platform.BotsApi;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.testkit.TestCluster;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bot handler that keeps its data in an actor of its own (issue 16: "handlers can call actors"), on a real 2-node
 * cluster: the handler asks the {@code ledger} actor through {@link HandlerRequest#actors()}, whichever node the
 * session and the ledger live on; the actor's rejection reaches the handler as a code and a reason it can show; the bot
 * and session actors are refused (the session waits for its handler); a bad key is a clear error, not a hang.
 */
class HandlerCallsActorsTest {
    private static TestCluster cluster;
    private static BotsApi bots;

    /** "append X" appends X to ledger/{conversation}; "refuse", "session", "badkey" try the failure paths. */
    static final class LedgerBot implements BotHandler {
        @Override
        public String name() {
            return "ledger-bot";
        }

        @Override
        public ConfiguredHandler configure(String settings) {
            return request -> {
                String text = request.message().text();
                String key = request.session().conversation();
                CompletionStage<byte[]> call = switch (text.split(" ")[0]) {
                    case "append" -> request.actors().ask("ledger", key, cmd("append:" + text.substring(7))
                            .toByteArray());
                    case "refuse" -> request.actors().ask("ledger", key, cmd("reject").toByteArray());
                    case "session" -> request.actors().ask("session", key, cmd("count").toByteArray());
                    case "badkey" -> request.actors().ask("ledger", " ", cmd("count").toByteArray());
                    default -> request.actors().ask("ledger", key, cmd("tags").toByteArray());
                };
                return call.handle((reply, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        ActorCallException failure = (ActorCallException) cause;
                        return HandlerResult.reply(failure.code() + ": " + failure.getMessage());
                    }
                    return HandlerResult.reply("ledger says " + parse(reply));
                });
            };
        }

        private static String parse(byte[] reply) {
            try {
                return StringValue.parseFrom(reply).getValue();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeAll
    static void start() {
        cluster = TestCluster.builder().nodes(2).actorTypes(new LedgerTypes().get())
                .botHandlers(List.of(new LedgerBot())).start();
        bots = cluster.node(0).bots();
        bots.createBot(CreateBotRequest.newBuilder().setBotId("ledger-bot").setName("Ledger")
                .setHandler("ledger-bot").build()).join();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static List<String> say(int node, String conversation, String text, String messageId) {
        return cluster.node(node).bots().sendMessage(SendMessageRequest.newBuilder().setBotId("ledger-bot")
                        .setTeam("t").setConversation(conversation).setUserId("u").setText(text)
                        .setMessageId(messageId).build()).join()
                .getRepliesList().stream().map(Reply::getText).toList();
    }

    @Test
    void theHandlerWritesToAndReadsFromAnActorOnWhicheverNodeOwnsIt() {
        for (int i = 0; i < 6; i++) {
            String conversation = "c" + i;
            assertThat(say(i % 2, conversation, "append apple", conversation + "-1"))
                    .containsExactly("ledger says 1");
            assertThat(say((i + 1) % 2, conversation, "append pear", conversation + "-2"))
                    .containsExactly("ledger says 2");
            assertThat(say(i % 2, conversation, "list", conversation + "-3"))
                    .containsExactly("ledger says apple,pear");
            StringValue tags = cluster.client().<StringValue>ask(ActorId.of("ledger", conversation), cmd("tags"))
                    .join();
            assertThat(tags.getValue()).as("what the handler wrote is the actor's state").isEqualTo("apple,pear");
        }
    }

    @Test
    void aRetriedMessageDoesNotCallTheActorAgain() {
        assertThat(say(0, "retry", "append once", "r-1")).containsExactly("ledger says 1");
        assertThat(say(1, "retry", "append once", "r-1")).as("the session answers the retry from its journal")
                .containsExactly("ledger says 1");
        StringValue tags = cluster.client().<StringValue>ask(ActorId.of("ledger", "retry"), cmd("tags")).join();
        assertThat(tags.getValue()).isEqualTo("once");
    }

    @Test
    void failuresReachTheHandlerAsACodeAndAReason() {
        assertThat(say(0, "f", "refuse", "f-1")).containsExactly("COMMAND_REJECTED: not today");
        assertThat(say(1, "f", "session", "f-2")).singleElement().asString()
                .startsWith("NOT_ALLOWED: a handler may not call the 'session' actors");
        assertThat(say(0, "f", "badkey", "f-3")).singleElement().asString()
                .startsWith("INVALID_ACTOR_ID: actor key must not be empty");
    }
}
