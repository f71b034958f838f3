package io.botgrid.bots.internal;

import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.CreateBotRequest;
import java.util.concurrent.CompletableFuture;

/**
 * The bot a new single node starts with, so that a first-time user can chat at once: a small rules bot that shows
 * patterns, captured groups, variables and conversation states. Created once; an existing bot is left alone.
 */
final class SampleBot {
    static final String ID = "sample";
    static final String RULES = """
            # The sample bot: rules are tried in order; the first that matches answers.
            rules:
              - match: "(?i)^(hi|hello|hey)\\\\b"
                reply: "Hello! I am Botgrid's sample bot. Tell me your name: 'my name is ...'."
              - match: "(?i)my name is (?<name>\\\\w+)"
                set: { name: "{name}" }
                reply: "Nice to meet you, {name}. Say 'help' to see what I can do."
                goto: introduced
              - keyword: "help"
                reply: "Try: hello, my name is <name>, who am I, bye. Anything else I repeat back."
              - match: "(?i)who am i"
                when: introduced
                reply: "You are {name}."
              - match: "(?i)who am i"
                reply: "I don't know yet. Tell me: 'my name is ...'."
              - keyword: "bye"
                reply: "Bye {name}!"
                goto: ""
            fallback: "You said: {text}"
            """;

    private SampleBot() {
    }

    /** Creates the sample bot unless it exists; completes with it either way. */
    static CompletableFuture<Bot> ensure(DefaultBotsApi api) {
        return api.getBot(ID).exceptionallyCompose(error -> api.createBot(CreateBotRequest.newBuilder().setBotId(ID)
                .setName("Botgrid sample bot").setHandler("rules").setHandlerSettings(RULES)
                .setIdempotencyKey("botgrid-sample-bot").build()));
    }
}
