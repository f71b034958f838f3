package io.botgrid.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SPI values are immutable copies and refuse nulls; the settings error formats its line. */
class SpiValuesTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void sessionViewCopiesItsCollections() {
        Map<String, String> variables = new HashMap<>(Map.of("a", "1"));
        List<Turn> turns = new ArrayList<>(List.of(new Turn(Turn.Role.USER, "hi", AT)));
        SessionView view = new SessionView("slack", "T", "C", "U", "", variables, turns);
        variables.put("b", "2");
        turns.add(new Turn(Turn.Role.BOT, "hello", AT));

        assertThat(view.variables()).containsOnlyKeys("a");
        assertThat(view.recentTurns()).hasSize(1);
        assertThatThrownBy(() -> view.variables().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new SessionView("slack", "T", "C", "U", null, Map.of(), List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("state");
    }

    @Test
    void handlerResultCopiesAndRefusesNulls() {
        List<String> replies = new ArrayList<>(List.of("a"));
        HandlerResult result = new HandlerResult(replies, Map.of("k", "v"), Optional.of("s"));
        replies.add("b");
        assertThat(result.replies()).containsExactly("a");
        assertThat(HandlerResult.reply("x")).isEqualTo(new HandlerResult(List.of("x"), Map.of(), Optional.empty()));
        assertThat(HandlerResult.none()).isEqualTo(new HandlerResult(List.of(), Map.of(), Optional.empty()));
        assertThatThrownBy(() -> new HandlerResult(List.of(), Map.of(), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> HandlerResult.reply(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new HandlerResult(java.util.Arrays.asList("a", null), Map.of(), Optional.empty()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void handlerResultBuilderCollectsRepliesVariablesAndState() {
        HandlerResult r = HandlerResult.builder().reply("Added.").set("cart", "apple:1").reply("Anything else?")
                .set("cart", "apple:2").nextState("shopping").build();

        assertThat(r).isEqualTo(new HandlerResult(List.of("Added.", "Anything else?"), Map.of("cart", "apple:2"),
                Optional.of("shopping")));
        assertThat(HandlerResult.builder().build()).isEqualTo(HandlerResult.none());
        assertThatThrownBy(() -> HandlerResult.builder().set("v", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void requestPartsRefuseNulls() {
        assertThatThrownBy(() -> new IncomingText("m", "u", null, AT)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Turn(null, "x", AT)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new HandlerRequest("b", null, new IncomingText("m", "u", "t", AT)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void settingsErrorFormatsItsLine() {
        InvalidHandlerSettingsException withLine = new InvalidHandlerSettingsException(7, "unknown key 'x'");
        assertThat(withLine).hasMessage("line 7: unknown key 'x'");
        assertThat(withLine.line()).isEqualTo(7);
        assertThat(withLine.reason()).isEqualTo("unknown key 'x'");
        InvalidHandlerSettingsException noLine = new InvalidHandlerSettingsException(0, "settings are empty");
        assertThat(noLine).hasMessage("settings are empty");
        assertThat(noLine.line()).isZero();
        assertThatThrownBy(() -> new InvalidHandlerSettingsException(1, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
