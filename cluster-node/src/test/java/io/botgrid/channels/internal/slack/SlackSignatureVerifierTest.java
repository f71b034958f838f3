package io.botgrid.channels.internal.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.channels.internal.SignatureCheck;
import io.botgrid.channels.internal.TestSigning;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackSignatureVerifierTest {
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final long TS = 1531420618L;
    private static final Instant NOW = Instant.ofEpochSecond(TS + 10);
    // Slack's published example request (slash command) and its signature.
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static SignatureCheck verify(String secret, String ts, String sig, String body, Instant now) {
        return SlackSignatureVerifier.verify(secret, ts, sig, body.getBytes(StandardCharsets.UTF_8), now);
    }

    @Test
    void acceptsSlacksPublishedExample() {
        assertThat(verify(SECRET, Long.toString(TS), SIGNATURE, BODY, NOW)).isEqualTo(SignatureCheck.ok());
        assertThat(SlackSignatureVerifier.sign(SECRET, TS, BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsAnIndependentlyComputedSignatureOfUnicodeJson() {
        String body = "{\"type\":\"event_callback\",\"event\":{\"text\":\"grüß dich 👋\"}}";
        String sig = TestSigning.slack("s3cret", TS, body);
        assertThat(verify("s3cret", Long.toString(TS), sig, body, NOW).valid()).isTrue();
        assertThat(verify("s3cret", Long.toString(TS), sig.toUpperCase(java.util.Locale.ROOT).replace("V0=", "v0="), body, NOW).valid())
                .as("hex case does not matter").isTrue();
    }

    @Test
    void rejectsForgeries() {
        String ts = Long.toString(TS);
        assertThat(verify("wrong-secret", ts, SIGNATURE, BODY, NOW))
                .isEqualTo(SignatureCheck.rejected("signature mismatch"));
        assertThat(verify(SECRET, ts, SIGNATURE, BODY + "&x=1", NOW).reason()).isEqualTo("signature mismatch");
        assertThat(verify(SECRET, Long.toString(TS + 1), SIGNATURE, BODY, NOW).reason())
                .as("timestamp is signed").isEqualTo("signature mismatch");
        assertThat(verify(SECRET, ts, SIGNATURE.substring(0, SIGNATURE.length() - 1), BODY, NOW).valid()).isFalse();
        assertThat(verify(SECRET, ts, "v1=" + SIGNATURE.substring(3), BODY, NOW).reason())
                .isEqualTo("unsupported signature version");
        assertThat(verify(SECRET, ts, "", BODY, NOW).valid()).isFalse();
    }

    @Test
    void rejectsStaleAndFutureTimestampsBeyondFiveMinutes() {
        String ts = Long.toString(TS);
        assertThat(verify(SECRET, ts, SIGNATURE, BODY, Instant.ofEpochSecond(TS + 300)).valid()).isTrue();
        assertThat(verify(SECRET, ts, SIGNATURE, BODY, Instant.ofEpochSecond(TS + 301)).reason())
                .isEqualTo("stale timestamp");
        assertThat(verify(SECRET, ts, SIGNATURE, BODY, Instant.ofEpochSecond(TS - 301)).reason())
                .isEqualTo("stale timestamp");
    }

    @Test
    void rejectsMissingOrMalformedHeadersAndAnEmptySecret() {
        String ts = Long.toString(TS);
        assertThat(verify(SECRET, null, SIGNATURE, BODY, NOW).reason()).isEqualTo("missing X-Slack-Request-Timestamp");
        assertThat(verify(SECRET, ts, null, BODY, NOW).reason()).isEqualTo("missing X-Slack-Signature");
        assertThat(verify(SECRET, "15314206l8", SIGNATURE, BODY, NOW).reason())
                .isEqualTo("malformed X-Slack-Request-Timestamp");
        assertThat(verify(SECRET, "-1531420618", SIGNATURE, BODY, NOW).valid()).isFalse();
        assertThat(verify(SECRET, "", SIGNATURE, BODY, NOW).valid()).isFalse();
        assertThat(verify("", ts, SIGNATURE, BODY, NOW).reason()).isEqualTo("no signing secret configured");
    }
}
