package io.botgrid.bots.handlers.internal;

import static io.botgrid.bots.handlers.internal.Requests.answer;
import static io.botgrid.bots.handlers.internal.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Matching, templates, variables and states of the rules handler, on valid settings. */
class RulesHandlerTest {
    private static final String GREETER = """
            rules:
              - match: "(?i)^hello|^hi\\\\b"
                reply: "Hello {user}! You are in state {state}."
              - match: "my name is (?<name>\\\\w+)"
                set: { name: "{name}" }
                reply: "Nice to meet you, {name}."
                goto: introduced
              - keyword: "bye"
                when: introduced
                reply: "Bye {name}"
                goto: ""
            fallback: "Sorry, I did not get that."
            """;

    private final RulesHandler handler = new RulesHandler();

    @Test
    void isCalledRules() {
        assertThat(handler.name()).isEqualTo("rules");
    }

    @Test
    void regexRuleRepliesWithBuiltInPlaceholders() throws Exception {
        ConfiguredHandler bot = handler.configure(GREETER);
        assertThat(answer(bot, request("HELLO there"))).isEqualTo(
                HandlerResult.reply("Hello alice! You are in state ."));
        assertThat(answer(bot, request("hi", "lobby", Map.of()))).isEqualTo(
                HandlerResult.reply("Hello alice! You are in state lobby."));
        assertThat(answer(bot, request("history", "", Map.of())).replies())
                .as("\\b stops 'hi' inside a word").containsExactly("Sorry, I did not get that.");
    }

    @Test
    void conversationSetsAVariableMovesStateAndUsesBoth() throws Exception {
        ConfiguredHandler bot = handler.configure(GREETER);
        Map<String, String> variables = new HashMap<>();
        String state = "";

        assertThat(answer(bot, request("bye", state, variables)).replies())
                .as("'bye' only applies once introduced").containsExactly("Sorry, I did not get that.");

        HandlerResult intro = answer(bot, request("well, my name is Bob!", state, variables));
        assertThat(intro).isEqualTo(new HandlerResult(List.of("Nice to meet you, Bob."), Map.of("name", "Bob"),
                Optional.of("introduced")));
        variables.putAll(intro.setVariables());
        state = intro.nextState().orElse(state);

        HandlerResult bye = answer(bot, request("OK BYE now", state, variables));
        assertThat(bye).isEqualTo(new HandlerResult(List.of("Bye Bob"), Map.of(), Optional.of("")));
    }

    @Test
    void keywordMatchesWholeWordsCaseInsensitively() throws Exception {
        ConfiguredHandler bot = handler.configure("""
                rules:
                  - keyword: help
                    reply: "helping"
                  - keyword: "c++"
                    reply: "cpp"
                """);
        assertThat(answer(bot, request("HELP!")).replies()).containsExactly("helping");
        assertThat(answer(bot, request("can you Help me")).replies()).containsExactly("helping");
        assertThat(answer(bot, request("helpful")).replies()).isEmpty();
        assertThat(answer(bot, request("self-help")).replies()).as("'-' is not a word character")
                .containsExactly("helping");
        assertThat(answer(bot, request("I like C++ a lot")).replies()).as("regex characters are literal")
                .containsExactly("cpp");
        assertThat(answer(bot, request("abc++")).replies()).as("preceded by a letter").isEmpty();
    }

    @Test
    void numberedAndNamedGroupsRenderAndUnknownPlaceholdersAreEmpty() throws Exception {
        ConfiguredHandler bot = handler.configure("""
                rules:
                  - match: "(\\\\d+) \\\\+ (?<second>\\\\d+)( please)?"
                    reply: "{1} and {second} and {2}; whole: {0}; polite:[{3}] missing:[{nope}] [{9}] {text}"
                """);
        assertThat(answer(bot, request("what is 2 + 40")).replies()).containsExactly(
                "2 and 40 and 40; whole: 2 + 40; polite:[] missing:[] [] what is 2 + 40");
    }

    @Test
    void bracesThatAreNotPlaceholdersStayLiteral() throws Exception {
        ConfiguredHandler bot = handler.configure("""
                rules:
                  - match: x
                    reply: "json: {\\"a\\": 1} { user } {user}"
                """);
        assertThat(answer(bot, request("x")).replies()).containsExactly("json: {\"a\": 1} { user } alice");
    }

    @Test
    void placeholdersPreferBuiltInsThenGroupsThenNewVariablesThenSessionVariables() throws Exception {
        ConfiguredHandler bot = handler.configure("""
                rules:
                  - match: "(?<user>\\\\w+) (?<city>\\\\w+)"
                    set:
                      color: "red-{city}"
                      city: "ignored-for-reply"
                    reply: "{user} {city} {color} {mood}"
                """);
        HandlerResult r = answer(bot, request("bob paris", "", Map.of("color", "blue", "mood", "happy")));
        assertThat(r.replies()).containsExactly("alice paris red-paris happy");
        assertThat(r.setVariables()).containsExactlyInAnyOrderEntriesOf(
                Map.of("color", "red-paris", "city", "ignored-for-reply"));
        assertThat(r.nextState()).isEmpty();
    }

    @Test
    void firstMatchingRuleWins() throws Exception {
        ConfiguredHandler bot = handler.configure("""
                rules:
                  - match: "a"
                    reply: first
                  - match: "ab"
                    reply: second
                """);
        assertThat(answer(bot, request("ab")).replies()).containsExactly("first");
    }

    @Test
    void whenLimitsARuleToOneStateAndEmptyWhenMeansTheInitialState() throws Exception {
        ConfiguredHandler bot = handler.configure("""
                rules:
                  - match: go
                    when: ""
                    goto: started
                  - match: go
                    when: started
                    reply: "already started"
                """);
        assertThat(answer(bot, request("go", "", Map.of()))).isEqualTo(
                new HandlerResult(List.of(), Map.of(), Optional.of("started")));
        assertThat(answer(bot, request("go", "started", Map.of())).replies()).containsExactly("already started");
        assertThat(answer(bot, request("go", "elsewhere", Map.of()))).isEqualTo(HandlerResult.none());
    }

    @Test
    void noMatchWithoutFallbackGivesNoReply() throws Exception {
        ConfiguredHandler bot = handler.configure("rules:\n  - keyword: ping\n    reply: pong\n");
        assertThat(answer(bot, request("hello"))).isEqualTo(HandlerResult.none());
    }

    @Test
    void fallbackIsATemplateWithoutGroups() throws Exception {
        ConfiguredHandler bot = handler.configure("""
                rules: []
                fallback: "{user} said '{text}' in {state}, name {name}, {1}"
                """);
        assertThat(answer(bot, request("huh", "s1", Map.of("name", "Al"))).replies())
                .containsExactly("alice said 'huh' in s1, name Al, ");
    }

    @Test
    void jsonSettingsWork() throws Exception {
        ConfiguredHandler bot = handler.configure("""
                {"rules": [{"keyword": "ping", "reply": "pong {user}", "set": {"pinged": "yes"}}],
                 "fallback": "?"}
                """);
        assertThat(answer(bot, request("Ping"))).isEqualTo(
                new HandlerResult(List.of("pong alice"), Map.of("pinged", "yes"), Optional.empty()));
        assertThat(answer(bot, request("pong")).replies()).containsExactly("?");
    }

    @Test
    void aRuleThatRendersABlankReplySendsNothingButStillSets() throws Exception {
        ConfiguredHandler bot = handler.configure("""
                rules:
                  - match: "remember (?<v>.*)"
                    set: { memo: "{v}" }
                    reply: "{nothing}"
                """);
        assertThat(answer(bot, request("remember milk"))).isEqualTo(
                new HandlerResult(List.of(), Map.of("memo", "milk"), Optional.empty()));
    }

    @Test
    void catastrophicBacktrackingFailsTheMessageInsteadOfSpinning() {
        RuleSet bot = RulesParser.parse("""
                rules:
                  - match: "^(a+)+\\\\1$"   # the back reference defeats the JDK's loop memoization
                    reply: never
                """).withMatchBudget(java.time.Duration.ofMillis(50));
        java.util.concurrent.CompletableFuture<HandlerResult> answer = bot.onMessage(
                request("a".repeat(40) + "!")).toCompletableFuture();
        assertThat(answer).isCompletedExceptionally();
        assertThatThrownBy(answer::join).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backtracks too much");
    }
}
