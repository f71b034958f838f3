package io.botgrid.bots.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.IncomingText;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.SessionView;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules handler: matching, templates, variables, states, fallback, and settings refused with line and reason. */
class RulesHandlerTest {
    private static final HandlerRegistry REGISTRY = HandlerRegistry.load(null, HttpClient.newHttpClient(),
            Runnable::run, Clock.systemUTC());

    static final String RULES = """
            rules:
              - match: "(?i)^(hi|hello)\\\\b"
                reply: "Hello {user}, state '{state}'"
              - match: "my name is (?<name>\\\\w+) and I am (\\\\d+)"
                set: { name: "{name}", age: "{2}" }
                reply: "Nice to meet you, {name} ({age})."
                goto: introduced
              - keyword: "who"
                when: introduced
                reply: "You are {name}, {age}."
              - keyword: "bye"
                goto: ""
            fallback: "You said: {text}"
            """;

    private static HandlerResult ask(String settings, String text, String state, Map<String, String> variables) {
        ConfiguredHandler h = REGISTRY.configure("rules", settings);
        return h.onMessage(new HandlerRequest("b", new SessionView("grpc", "t", "c", "ada", state, variables,
                List.of()), new IncomingText("m", "ada", text, Instant.EPOCH))).toCompletableFuture().join();
    }

    @Test
    void firstMatchingRuleAnswersWithTemplates() {
        assertThat(ask(RULES, "Hello there", "", Map.of()).replies()).containsExactly("Hello ada, state ''");
        HandlerResult named = ask(RULES, "well, my name is Ada and I am 36", "", Map.of());
        assertThat(named.replies()).containsExactly("Nice to meet you, Ada (36).");
        assertThat(named.setVariables()).containsExactly(Map.entry("name", "Ada"), Map.entry("age", "36"));
        assertThat(named.nextState()).contains("introduced");
    }

    @Test
    void keywordsMatchWholeWordsInTheirStateOnly() {
        assertThat(ask(RULES, "WHO am I?", "introduced", Map.of("name", "Ada", "age", "36")).replies())
                .containsExactly("You are Ada, 36.");
        assertThat(ask(RULES, "who am I?", "", Map.of()).replies()).as("not in state 'introduced'")
                .containsExactly("You said: who am I?");
        assertThat(ask(RULES, "whoever", "introduced", Map.of()).replies()).as("not a whole word")
                .containsExactly("You said: whoever");
        HandlerResult bye = ask(RULES, "ok bye", "introduced", Map.of());
        assertThat(bye.replies()).isEmpty();
        assertThat(bye.nextState()).contains("");
    }

    @Test
    void withoutFallbackNothingMatchingMeansNoReply() {
        HandlerResult r = ask("rules:\n  - keyword: x\n    reply: y\n", "nothing here", "", Map.of());
        assertThat(r.replies()).isEmpty();
        assertThat(r.setVariables()).isEmpty();
        assertThat(r.nextState()).isEqualTo(Optional.empty());
    }

    @Test
    void jsonSettingsWorkToo() {
        String json = "{\"rules\": [{\"keyword\": \"ping\", \"reply\": \"pong {missing}!\"}]}";
        assertThat(ask(json, "Ping", "", Map.of()).replies()).containsExactly("pong !");
    }

    private static void refused(String settings, int line, String reason) {
        assertThatThrownBy(() -> REGISTRY.configure("rules", settings))
                .isInstanceOfSatisfying(InvalidHandlerSettingsException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).startsWith("line " + line + ": ");
                });
    }

    @Test
    void invalidRulesAreRefusedWithLineAndReason() {
        refused("rules:\n  - keyword: a\n    reply: b\n  - match: \"(unclosed\"\n    reply: x\n", 4,
                "invalid regular expression '(unclosed': Unclosed group");
        refused("rules:\n  - keyword: a\n    match: b\n    reply: c\n", 2, "exactly one of 'match'");
        refused("rules:\n  - reply: c\n", 2, "exactly one of 'match'");
        refused("rules:\n  - keyword: a\n    replly: c\n", 3, "unknown key 'replly'");
        refused("rules:\n  - keyword: a\n", 2, "must do something");
        refused("rules: hello\n", 1, "'rules' must be a list");
        refused("fallback: x\n", 1, "'rules' is required");
        refused("rules:\n  - keyword: a\n    reply: [b\n", 3, "not valid YAML or JSON");
        refused("rules:\n  - keyword: a\n    set: { \"bad name\": x }\n", 3, "variable name 'bad name'");
    }

    @Test
    void unknownHandlersAreNamed() {
        assertThatThrownBy(() -> REGISTRY.configure("nope", "")).isInstanceOf(UnknownHandlerException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("[echo, rules, webhook]");
    }
}
