package io.botgrid.bots.handlers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Rules settings (YAML or JSON, written by bot authors and sent through the API), fuzzed: a rule set or an
 * {@link InvalidHandlerSettingsException} with a reason for the author, never another exception or a stack overflow.
 */
class RulesInputPropertiesTest {
    private static final List<String> SEEDS = List.of("""
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
            """,
            "{\"rules\":[{\"keyword\":\"ping\",\"reply\":\"pong {user}\"},{\"match\":\"a(b+)\",\"set\":{\"x\":\"1\"}}],"
                    + "\"fallback\":\"?\"}");

    @Property(tries = 400)
    void randomTextGivesRulesOrAReason(@ForAll("randomText") String settings) {
        assertRulesOrReason(settings);
    }

    @Property(tries = 1500)
    void mutatedSettingsGiveRulesOrAReason(@ForAll("mutatedSettings") String settings) {
        assertRulesOrReason(settings);
    }

    @Example
    void deepNestingAndAliasBombsGiveAReason() {
        assertRulesOrReason("[".repeat(50_000));
        assertRulesOrReason("{\"rules\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");
        assertRulesOrReason("rules:\n" + "  - ".repeat(2_000) + "x\n");
        StringBuilder bomb = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ",")
                    .repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        assertRulesOrReason(bomb + "rules: *a11\n");
    }

    @Provide
    Arbitrary<String> randomText() {
        return Arbitraries.strings().all().ofMaxLength(300);
    }

    @Provide
    Arbitrary<String> mutatedSettings() {
        return Mutations.mutated(SEEDS).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static void assertRulesOrReason(String settings) {
        try {
            assertThat(RulesParser.parse(settings)).isNotNull();
        } catch (InvalidHandlerSettingsException e) {
            assertThat(e.reason()).isNotBlank();
            assertThat(e.getMessage()).hasSizeLessThan(4_000);
        }
    }
}
