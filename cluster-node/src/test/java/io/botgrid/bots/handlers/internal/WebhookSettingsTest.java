package io.botgrid.bots.handlers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.botgrid.bots.InvalidHandlerSettingsException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Webhook settings are checked when the bot is configured, with lines. */
class WebhookSettingsTest {

    private static InvalidHandlerSettingsException refusal(String settings) {
        InvalidHandlerSettingsException e = catchThrowableOfType(InvalidHandlerSettingsException.class,
                () -> WebhookSettings.parse(settings));
        assertThat(e).as("settings should be refused:\n" + settings).isNotNull();
        return e;
    }

    @Test
    void defaults() {
        WebhookSettings s = WebhookSettings.parse("url: https://bots.example.com/hook\nsecret: abc\n");
        assertThat(s).isEqualTo(new WebhookSettings(URI.create("https://bots.example.com/hook"), "abc",
                Duration.ofSeconds(5), 2, Optional.empty()));
    }

    @Test
    void allKeysInYamlAndJson() {
        WebhookSettings yaml = WebhookSettings.parse("""
                url: http://localhost:8080/x
                secret: abc
                timeout: 2s
                retries: 0
                fallback: Down for maintenance
                """);
        assertThat(yaml).isEqualTo(new WebhookSettings(URI.create("http://localhost:8080/x"), "abc",
                Duration.ofSeconds(2), 0, Optional.of("Down for maintenance")));
        WebhookSettings json = WebhookSettings.parse("""
                {"url": "http://localhost:8080/x", "secret": "abc", "timeout": "PT0.5S", "retries": 10}
                """);
        assertThat(json.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(json.retries()).isEqualTo(10);
    }

    @Test
    void urlIsRequiredAndMustBeHttp() {
        assertThat(refusal("secret: abc\n")).hasMessage("line 1: missing key 'url'");
        assertThat(refusal("secret: abc\nurl: ftp://example.com/x\n"))
                .hasMessage("line 2: 'url' must be an http or https URL, not 'ftp://example.com/x'");
        assertThat(refusal("secret: abc\nurl: example.com/x\n").line()).isEqualTo(2);
        assertThat(refusal("secret: abc\nurl: \"http://exa mple.com\"\n").reason()).startsWith("'url' is not a valid URL");
        assertThat(refusal("secret: abc\nurl: \"http:///nohost\"\n")).hasMessageContaining("has no host");
    }

    @Test
    void secretIsRequiredAndNotEmpty() {
        assertThat(refusal("url: http://a/\n")).hasMessage("line 1: missing key 'secret'");
        assertThat(refusal("url: http://a/\nsecret: \"  \"\n")).hasMessage("line 2: 'secret' is empty");
    }

    @Test
    void timeoutMustParseAndBePositive() {
        String base = "url: http://a/\nsecret: k\n";
        assertThat(refusal(base + "timeout: soon\n").line()).isEqualTo(3);
        assertThat(refusal(base + "timeout: soon\n").reason()).startsWith("'timeout': 'soon' is not a duration");
        assertThat(refusal(base + "timeout: 0s\n").reason()).startsWith("'timeout' must be above 0");
        assertThat(refusal(base + "timeout: 1h\n").reason()).startsWith("'timeout' must be above 0");
        assertThat(WebhookSettings.parse(base + "timeout: 250ms\n").timeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void retriesMustBeFromZeroToTen() {
        String base = "url: http://a/\nsecret: k\n";
        assertThat(refusal(base + "retries: 11\n"))
                .hasMessage("line 3: 'retries' must be a whole number from 0 to 10, not 11");
        assertThat(refusal(base + "retries: -1\n").line()).isEqualTo(3);
        assertThat(refusal(base + "retries: 1.5\n").line()).isEqualTo(3);
        assertThat(refusal(base + "retries: two\n"))
                .hasMessage("line 3: 'retries' must be a whole number from 0 to 10, not text");
    }

    @Test
    void unknownKeysAndEmptySettingsAreRefused() {
        InvalidHandlerSettingsException e = refusal("url: http://a/\nsecret: k\nretry: 3\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).startsWith("unknown key 'retry' in webhook settings");
        assertThat(refusal("")).hasMessage("webhook settings are empty: 'url' and 'secret' are required");
    }

    @Test
    void toStringHidesTheSecret() {
        assertThat(WebhookSettings.parse("url: http://a/\nsecret: hush-hush\n").toString()).doesNotContain("hush");
    }
}
