package io.botgrid.channels.internal.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.channels.internal.MalformedPayloadException;
import io.botgrid.channels.internal.SignatureCheck;
import io.botgrid.channels.internal.TestSigning;
import io.botgrid.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Slack's Events API bodies and signatures, fuzzed: whatever arrives, the parser answers with an event or a
 * {@link MalformedPayloadException} naming the problem (the endpoint's 400), never another exception, and a string
 * that has no UTF-8 form never gets through.
 */
class SlackInputPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final List<String> SEEDS = List.of(
            "{\"token\":\"t\",\"challenge\":\"3eZbrw1aB\",\"type\":\"url_verification\"}",
            "{\"token\":\"t\",\"team_id\":\"T1\",\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":"
                    + "{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"<@UBOT> hello\","
                    + "\"ts\":\"1700000000.000100\",\"thread_ts\":\"1.1\",\"channel_type\":\"im\"},"
                    + "\"authorizations\":[{\"team_id\":\"T1\",\"user_id\":\"UBOT\",\"is_bot\":true}]}",
            "{\"type\":\"event_callback\",\"event_id\":\"Ev2\",\"event\":{\"type\":\"app_mention\",\"team\":\"T\","
                    + "\"channel\":\"D1\",\"user\":\"U2\",\"text\":\"hi\",\"ts\":\"1.2\",\"subtype\":\"file_share\"}}");

    private final SlackEventParser parser = new SlackEventParser();

    @Property(tries = 400)
    void randomBytesGiveAnEventOrAPreciseRefusal(@ForAll("randomBodies") byte[] body) {
        assertEventOrRefusal(body);
    }

    @Property(tries = 1500)
    void mutatedBodiesGiveAnEventOrAPreciseRefusal(@ForAll("mutatedBodies") byte[] body) {
        assertEventOrRefusal(body);
    }

    @Property(tries = 300)
    void anyTextIsAcceptedExactlyWhenItHasAUtf8Form(@ForAll("jsonStrings") String text) {
        String body = "{\"type\":\"event_callback\",\"team_id\":\"T\",\"event_id\":\"E\",\"event\":{\"type\":"
                + "\"message\",\"channel\":\"C\",\"user\":\"U\",\"ts\":\"1.1\",\"text\":\"" + text + "\"}}";
        Object outcome = outcome(body.getBytes(StandardCharsets.UTF_8));
        if (outcome instanceof SlackEvent.Message m) {
            assertThat(Mutations.hasLoneSurrogate(m.text())).isFalse();
            assertThat(m.text().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
        } else if (outcome instanceof MalformedPayloadException e) {
            assertThat(e.getMessage()).containsAnyOf("not valid Unicode", "not valid JSON");
        }
    }

    @Example
    void loneSurrogatesAreRefusedNamingTheField() {
        for (String escape : List.of("\\ud800", "a\\udc00b", "\\ud83d", "x\\ude00\\ud83d")) {
            String body = "{\"type\":\"event_callback\",\"team_id\":\"T\",\"event_id\":\"E\",\"event\":{\"type\":"
                    + "\"message\",\"channel\":\"C\",\"user\":\"U\",\"ts\":\"1.1\",\"text\":\"" + escape + "\"}}";
            assertThat(outcome(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(MalformedPayloadException.class, e -> assertThat(e.getMessage())
                            .startsWith("field 'event.text' is not valid Unicode: a lone surrogate"));
        }
        String paired = "{\"type\":\"event_callback\",\"team_id\":\"T\",\"event_id\":\"E\",\"event\":{\"type\":"
                + "\"message\",\"channel\":\"C\",\"user\":\"U\",\"ts\":\"1.1\",\"text\":\"\\ud83d\\ude00\"}}";
        assertThat(outcome(paired.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new SlackEvent.Message("T", "E", "C", "U", "\ud83d\ude00", "1.1", null, false));
    }

    @Example
    void deepNestingAndHugeNumbersAreRefusedNotCrashing() {
        assertEventOrRefusal(("{\"type\":\"x\",\"a\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        assertEventOrRefusal(("{\"type\":\"x\",\"a\":1" + "0".repeat(2_000_000) + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertEventOrRefusal(("{\"type\":\"" + "x".repeat(30_000_000) + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void signatureVerificationNeverThrows(@ForAll("headers") String timestamp, @ForAll("headers") String signature,
                                          @ForAll("randomBodies") byte[] body) {
        SignatureCheck check = SlackSignatureVerifier.verify(SECRET, timestamp, signature, body, NOW);
        assertThat(check.valid()).isFalse();
        assertThat(check.reason()).isNotBlank();
    }

    @Property(tries = 300)
    void aSignedBodyVerifiesAndAnyChangeToItIsRejected(@ForAll("mutatedBodies") byte[] body,
                                                       @ForAll @IntRange(min = -299, max = 299) int skew,
                                                       @ForAll @IntRange(min = 0, max = 10_000) int at) {
        long ts = NOW.getEpochSecond() + skew;
        String signature = SlackSignatureVerifier.sign(SECRET, ts, body);
        assertThat(SlackSignatureVerifier.verify(SECRET, Long.toString(ts), signature, body, NOW).valid()).isTrue();
        String text = new String(body, StandardCharsets.UTF_8);
        if (Arrays.equals(text.getBytes(StandardCharsets.UTF_8), body)) { // the independent signer signs text
            assertThat(TestSigning.slack(SECRET, ts, text)).isEqualTo(signature);
        }
        byte[] changed = body.length == 0 ? new byte[] {1} : body.clone();
        if (body.length > 0) {
            changed[at % body.length] ^= (byte) 0x01;
        }
        assertThat(SlackSignatureVerifier.verify(SECRET, Long.toString(ts), signature, changed, NOW).reason())
                .isEqualTo("signature mismatch");
    }

    @Provide
    Arbitrary<byte[]> randomBodies() {
        return Mutations.randomBytes(2048);
    }

    @Provide
    Arbitrary<byte[]> mutatedBodies() {
        return Mutations.mutated(SEEDS);
    }

    /** Header values: random text, and near-misses of valid ones. */
    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(100),
                Arbitraries.strings().numeric().ofMaxLength(25),
                Arbitraries.of("", " ", "v0=", "v0=zz", "v1=00", "-1", "1e9", "99999999999999999999", "0x10",
                        Long.toString(NOW.getEpochSecond()), "v0=" + "a".repeat(64), "\u0000", "\ud800"),
                Arbitraries.strings().withChars("v0=0123456789abcdef").ofMaxLength(70));
    }

    /** The inside of a JSON string literal: any characters (escaped as JSON needs) and raw surrogate escapes. */
    @Provide
    Arbitrary<String> jsonStrings() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(8).map(SlackInputPropertiesTest::escape),
                Arbitraries.chars().range('\ud800', '\udfff').map(c -> String.format("\\u%04x", (int) c)),
                Arbitraries.of("\\ud83d\\ude00", "\\n", "\\\"", "\\\\", "\\u0000"));
        return piece.list().ofMaxSize(6).map(l -> String.join("", l));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> {
            if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate((char) c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.append((char) c);
            }
        });
        return b.toString();
    }

    private Object outcome(byte[] body) {
        try {
            return parser.parse(body, "UBOT");
        } catch (MalformedPayloadException e) {
            return e;
        }
    }

    private void assertEventOrRefusal(byte[] body) {
        Object outcome = outcome(body); // any other exception fails the property
        if (outcome instanceof MalformedPayloadException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n\tat ").hasSizeLessThan(2_000);
        } else {
            assertThat(outcome).isInstanceOf(SlackEvent.class);
            if (outcome instanceof SlackEvent.Message m) {
                for (String field : new String[] {m.teamId(), m.eventId(), m.channel(), m.user(), m.text(), m.ts()}) {
                    assertThat(Mutations.hasLoneSurrogate(field)).as(field).isFalse();
                }
            }
        }
    }
}
