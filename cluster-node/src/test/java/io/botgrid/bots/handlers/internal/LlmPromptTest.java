package io.botgrid.bots.handlers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.IncomingText;
import io.botgrid.bots.SessionView;
import io.botgrid.bots.Turn;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The prompt: rendered system message, newest history that fits (sent oldest first), the message once. */
class LlmPromptTest {
    private static final LlmTokens TOKENS = LlmTokens.of("cl100k_base");

    private static HandlerRequest request(String text, List<Turn> turns) {
        return new HandlerRequest("b1", new SessionView("grpc", "default", "c1", "alice", "start",
                Map.of("plan", "gold"), turns), new IncomingText("m1", "alice", text, Instant.EPOCH));
    }

    private static Turn user(String text) {
        return new Turn(Turn.Role.USER, text, Instant.EPOCH);
    }

    private static Turn bot(String text) {
        return new Turn(Turn.Role.BOT, text, Instant.EPOCH);
    }

    private static List<String> lines(LlmPrompt.Built built) {
        return built.messages().stream().map(m -> m.role() + ": " + m.text()).toList();
    }

    @Test
    void systemPromptVariablesHistoryAndTheMessageOnce() {
        LlmPrompt prompt = new LlmPrompt("Hi {user}/{user_id} in {state}, plan {plan}{nope}.", 4000, TOKENS);
        LlmPrompt.Built built = prompt.build(request("how much?", List.of(user("hello"), bot("hi!"),
                user("how much?"))));
        assertThat(lines(built)).containsExactly("system: Hi alice/alice in start, plan gold.", "user: hello",
                "assistant: hi!", "user: how much?");
        assertThat(built.tokens()).isEqualTo(TOKENS.message("Hi alice/alice in start, plan gold.")
                + TOKENS.message("hello") + TOKENS.message("hi!") + TOKENS.message("how much?"));
    }

    @Test
    void theOldestTurnsAreDroppedToFitTheContext() {
        String old = "word ".repeat(200);
        int budget = TOKENS.message("now?") + TOKENS.message("recent") + TOKENS.message("reply") + 3;
        LlmPrompt.Built built = new LlmPrompt("", budget, TOKENS).build(request("now?", List.of(user(old),
                bot("reply-old"), user("recent"), bot("reply"))));
        assertThat(lines(built)).containsExactly("user: recent", "assistant: reply", "user: now?");
        assertThat(built.turnsDropped()).isEqualTo(2);
        assertThat(built.tokens()).isLessThanOrEqualTo(budget);
    }

    @Test
    void anEarlierIdenticalMessageIsKeptWhenItIsNotTheNewestTurn() {
        LlmPrompt.Built built = new LlmPrompt("", 4000, TOKENS).build(request("again", List.of(user("again"),
                bot("ok"))));
        assertThat(lines(built)).containsExactly("user: again", "assistant: ok", "user: again");
    }
}
