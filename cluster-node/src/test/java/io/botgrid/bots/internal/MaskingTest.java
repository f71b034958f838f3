package io.botgrid.bots.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Secrets in free-text handler settings are masked whole, whatever YAML or JSON syntax carries them: a value is not
 * cut at its first space or comma, so no part of it but the last four characters is ever shown.
 */
class MaskingTest {
    private static final String SECRET = "s3cr3t, with spaces and,commas-9f3a";

    @Test
    void yamlPlainDoubleAndSingleQuotedValuesAreMaskedWhole() {
        assertThat(Masking.settings("url: http://x\nsecret: " + SECRET + "  # the HMAC key\nretries: 2"))
                .isEqualTo("url: http://x\nsecret: …9f3a  # the HMAC key\nretries: 2");
        assertThat(Masking.settings("secret: \"" + SECRET + "\"\n")).isEqualTo("secret: \"…9f3a\"\n");
        assertThat(Masking.settings("secret: '" + SECRET + "'\n")).isEqualTo("secret: '…9f3a'\n");
        assertThat(Masking.settings("secret: 'it''s a long one-9f3a'")).isEqualTo("secret: '…9f3a'");
    }

    @Test
    void jsonAndFlowMappingsStopAtTheirSeparators() {
        assertThat(Masking.settings("{\"url\": \"http://x\", \"secret\": \"" + SECRET + "\", \"retries\": 2}"))
                .isEqualTo("{\"url\": \"http://x\", \"secret\": \"…9f3a\", \"retries\": 2}");
        assertThat(Masking.settings("auth: {api_token: abcdefgh1234, user: bob}"))
                .isEqualTo("auth: {api_token: …1234, user: bob}");
        assertThat(Masking.settings("{\"escaped\\\"secret\": \"a\\\"b c d e f g\"}")).doesNotContain("b c d");
    }

    @Test
    void blockAndMultiLineValuesAreMaskedWithAllTheirLines() {
        String block = "handler:\n  secret: |\n    first line of it\n    second-line-9f3a\n  url: http://x\n";
        assertThat(Masking.settings(block)).isEqualTo("handler:\n  secret: …9f3a\n  url: http://x\n");
        String nextLine = "secret:\n  folded plain\n  value-9f3a\nurl: http://x";
        assertThat(Masking.settings(nextLine)).isEqualTo("secret: …9f3a\nurl: http://x");
    }

    @Test
    void keysThatNameSecretsAreFoundNotOtherKeys() {
        assertThat(Masking.settings("signing_secret: abcdefgh1234\nsecret_key: abcdefgh5678\npassword: hunter2"))
                .isEqualTo("signing_secret: …1234\nsecret_key: …5678\npassword: …");
        assertThat(Masking.settings("max_tokens: 100\nreply: hello")).isEqualTo("max_tokens: 100\nreply: hello");
    }
}
