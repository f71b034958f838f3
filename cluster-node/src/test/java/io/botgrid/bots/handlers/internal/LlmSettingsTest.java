package io.botgrid.bots.handlers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.botgrid.bots.InvalidHandlerSettingsException;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** llm settings are checked when the bot is configured, with the line and without echoing the key. */
class LlmSettingsTest {
    private static final String BASE = "base_url: http://127.0.0.1:9/v1\nmodel: m\napi_key: sk-secret-123\n";

    private static InvalidHandlerSettingsException refusal(String settings) {
        InvalidHandlerSettingsException e = catchThrowableOfType(InvalidHandlerSettingsException.class,
                () -> LlmSettings.parse(settings));
        assertThat(e).as("settings should be refused:\n" + settings).isNotNull();
        assertThat(e.getMessage()).doesNotContain("sk-secret-123");
        return e;
    }

    @Test
    void defaults() {
        LlmSettings s = LlmSettings.parse(BASE);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(s.retries()).isEqualTo(2);
        assertThat(s.encoding()).isEqualTo("cl100k_base");
        assertThat(s.contextTokens()).isEqualTo(4000);
        assertThat(s.tokensPerDay()).isEqualTo(OptionalLong.empty());
        assertThat(s.failureReply()).isEmpty();
        assertThat(s.budgetReply()).isEqualTo(LlmSettings.DEFAULT_BUDGET_REPLY);
        assertThat(s.slackUpdateEveryTokens()).as("Slack gets the final text only").isEmpty();
        assertThat(LlmSettings.parse(BASE + "slack_update_every_tokens: 40\n").slackUpdateEveryTokens())
                .hasValue(40);
        assertThat(s.toString()).doesNotContain("sk-secret-123");
    }

    @Test
    void badValuesAreRefusedWithTheirLine() {
        assertThat(refusal(BASE + "temperature: 3\n").getMessage())
                .isEqualTo("line 4: 'temperature' must be a number from 0 to 2, not 3");
        assertThat(refusal(BASE + "max_tokens: 0\n").getMessage())
                .isEqualTo("line 4: 'max_tokens' must be a whole number from 1 to 1000000, not 0");
        assertThat(refusal(BASE + "encoding: gpt2\n").getMessage()).startsWith("line 4: 'encoding' must be one of [")
                .endsWith("not 'gpt2'");
        assertThat(refusal(BASE + "timeout: 0s\n").getMessage()).startsWith("line 4: 'timeout' must be above 0");
        assertThat(refusal(BASE + "retries: many\n").getMessage())
                .isEqualTo("line 4: 'retries' must be a whole number from 0 to 10, not text");
        assertThat(refusal(BASE + "tokens_per_day: -5\n").getMessage()).startsWith("line 4: 'tokens_per_day'");
        assertThat(refusal(BASE + "slack_update_every_tokens: 0\n").getMessage())
                .isEqualTo("line 4: 'slack_update_every_tokens' must be a whole number from 1 to 1000000, not 0");
        assertThat(refusal(BASE + "budget_reply: \"  \"\n").getMessage()).isEqualTo("line 4: 'budget_reply' is empty");
        assertThat(refusal(BASE + "replies: 3\n").getMessage()).contains("replies");
        assertThat(refusal("model: m\n").getMessage()).contains("missing key 'base_url'");
        assertThat(refusal("base_url: ftp://x/v1\nmodel: m\n").getMessage())
                .isEqualTo("line 1: 'base_url' must be an http or https URL, not 'ftp://x/v1'");
        assertThat(refusal("").getMessage()).contains("'base_url' and 'model' are required");
    }
}
