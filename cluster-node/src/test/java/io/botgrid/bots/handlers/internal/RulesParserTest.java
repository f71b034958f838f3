package io.botgrid.bots.handlers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.botgrid.bots.InvalidHandlerSettingsException;
import org.junit.jupiter.api.Test;

/** Every refusal of rules settings names the line and the reason. */
class RulesParserTest {

    private static InvalidHandlerSettingsException refusal(String settings) {
        InvalidHandlerSettingsException e = catchThrowableOfType(InvalidHandlerSettingsException.class,
                () -> RulesParser.parse(settings));
        assertThat(e).as("settings should be refused:\n" + settings).isNotNull();
        return e;
    }

    @Test
    void acceptsTheContractExample() {
        RuleSet rules = RulesParser.parse("""
                rules:
                  - match: "(?i)^hello|^hi\\\\b"       # regex (Java)
                    reply: "Hello {user}! You are in state {state}."
                  - match: "my name is (?<name>\\\\w+)"
                    set: { name: "{name}" }
                    reply: "Nice to meet you, {name}."
                    goto: introduced
                  - keyword: "bye"
                    when: introduced
                    reply: "Bye {name}"
                    goto: ""
                fallback: "Sorry, I did not get that."  # optional
                """);
        assertThat(rules.rules()).extracting(Rule::line).containsExactly(2, 4, 8);
        assertThat(rules.rules().get(1).groupNames()).containsExactly("name");
    }

    @Test
    void badRegexGivesItsLineAndDescription() {
        InvalidHandlerSettingsException e = refusal("""
                rules:
                  - match: ok
                    reply: fine
                  - reply: broken
                    match: "(unclosed"
                """);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.reason()).isEqualTo(
                "rule 2: invalid regular expression '(unclosed': Unclosed group near index 9");
        assertThat(e).hasMessage("line 5: " + e.reason());
    }

    @Test
    void matchAndKeywordTogetherAreRefusedAtTheRule() {
        InvalidHandlerSettingsException e = refusal("""
                rules:
                  - keyword: a
                    reply: x

                  - match: a
                    keyword: a
                    reply: x
                """);
        assertThat(e).hasMessage("line 5: rule 2 has both 'match' and 'keyword'; use one");
    }

    @Test
    void neitherMatchNorKeywordIsRefused() {
        InvalidHandlerSettingsException e = refusal("rules:\n  - reply: x\n");
        assertThat(e).hasMessage("line 2: rule 1 needs 'match' (a regular expression) or 'keyword'");
    }

    @Test
    void unknownKeyIsRefusedAtItsLine() {
        InvalidHandlerSettingsException e = refusal("""
                rules:
                  - match: a
                    replies: x
                """);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).startsWith("unknown key 'replies' in rule 1 (allowed: goto, keyword");
    }

    @Test
    void unknownTopLevelKeyIsRefused() {
        InvalidHandlerSettingsException e = refusal("rules: []\nfallbak: oops\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).contains("unknown key 'fallbak'");
    }

    @Test
    void rulesMustBeAList() {
        assertThat(refusal("rules:\n  match: a\n  reply: b\n"))
                .hasMessage("line 2: 'rules' must be a list, not a mapping");
        assertThat(refusal("rules: hello\n")).hasMessage("line 1: 'rules' must be a list, not text");
    }

    @Test
    void rulesAreRequiredAndSettingsMustBeAMapping() {
        assertThat(refusal("fallback: hi\n")).hasMessage("line 1: missing key 'rules' (a list of rules)");
        assertThat(refusal("")).hasMessage("rules settings are empty: expected a 'rules' list")
                .extracting(InvalidHandlerSettingsException::line).isEqualTo(0);
        assertThat(refusal("- a\n- b\n")).hasMessage("line 1: rules settings must be a mapping, not a list");
    }

    @Test
    void ruleMustBeAMapping() {
        assertThat(refusal("rules:\n  - match: a\n    reply: b\n  - just text\n"))
                .hasMessage("line 4: rule 2 must be a mapping, not text");
    }

    @Test
    void ruleThatDoesNothingIsRefused() {
        assertThat(refusal("rules:\n  - match: a\n    reply: \"\"\n")).hasMessage(
                "line 2: rule 1 does nothing: it needs a non-empty 'reply', or 'set' or 'goto'");
        assertThat(refusal("rules:\n  - match: a\n")).hasMessageEndingWith("does nothing: it needs a non-empty"
                + " 'reply', or 'set' or 'goto'");
        assertThat(refusal("rules:\n  - match: a\n    set: {}\n").line()).isEqualTo(2);
    }

    @Test
    void emptyReplyIsFineWhenTheRuleSetsOrMoves() {
        assertThat(RulesParser.parse("rules:\n  - match: a\n    reply: \"\"\n    goto: b\n").rules()).hasSize(1);
        assertThat(RulesParser.parse("rules:\n  - match: a\n    set: {x: y}\n").rules()).hasSize(1);
    }

    @Test
    void emptyMatchOrKeywordIsRefused() {
        assertThat(refusal("rules:\n  - match: \"\"\n    reply: x\n"))
                .hasMessage("line 2: rule 1: 'match' is empty (use \".*\" to match anything)");
        assertThat(refusal("rules:\n  - reply: x\n    keyword: \"  \"\n"))
                .hasMessage("line 3: rule 1: 'keyword' is empty");
    }

    @Test
    void wrongValueTypesAreRefused() {
        assertThat(refusal("rules:\n  - match: [a, b]\n    reply: x\n"))
                .hasMessage("line 2: rule 1: 'match' must be text, not a list");
        assertThat(refusal("rules:\n  - match: a\n    set: [x]\n"))
                .hasMessage("line 3: rule 1: 'set' must be a mapping, not a list");
        assertThat(refusal("rules:\n  - match: a\n    set:\n      x: {y: z}\n"))
                .hasMessage("line 4: rule 1: variable 'x' must be text, not a mapping");
        assertThat(refusal("rules:\n  - match: a\n    reply: {text: x}\n"))
                .hasMessage("line 3: rule 1: 'reply' must be text, not a mapping");
    }

    @Test
    void variableNamesMustBeUsableInTemplates() {
        InvalidHandlerSettingsException e = refusal("rules:\n  - match: a\n    set:\n      ok: 1\n      \"bad name\": 2\n");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.reason()).startsWith("rule 1: variable name 'bad name' must start with");
    }

    @Test
    void yamlSyntaxErrorIsRefusedWithTheParsersLine() {
        InvalidHandlerSettingsException e = refusal("rules:\n  - match: a\n   reply: b\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).startsWith("invalid YAML: ").contains("expected <block end>");
    }

    @Test
    void jsonErrorsCarryLinesToo() {
        InvalidHandlerSettingsException e = refusal("""
                {"rules": [
                  {"keyword": "a", "reply": "x"},
                  {"match": "a", "keyword": "b", "reply": "x"}
                ]}
                """);
        assertThat(e).hasMessage("line 3: rule 2 has both 'match' and 'keyword'; use one");
    }
}
