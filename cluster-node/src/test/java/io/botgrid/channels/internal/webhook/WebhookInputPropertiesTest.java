package io.botgrid.channels.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.channels.InboundMessage;
import io.botgrid.channels.internal.MalformedPayloadException;
import io.botgrid.channels.internal.SignatureCheck;
import io.botgrid.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Webhook bodies and signatures, fuzzed: a message or a {@link MalformedPayloadException} naming the field (the
 * endpoint's 400), never another exception; an accepted message's strings always have a UTF-8 form.
 */
class WebhookInputPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<String> SEEDS = List.of(
            "{\"messageId\":\"m1\",\"team\":\"acme\",\"conversation\":\"c-9\",\"userId\":\"u-3\",\"text\":\"hi\"}",
            "{\"messageId\":\"m2\",\"conversation\":\"c\",\"text\":\"h\\u00e9llo \\ud83d\\ude00\",\"extra\":[1,{}]}");

    private final WebhookInboundParser parser = new WebhookInboundParser();

    @Property(tries = 400)
    void randomBytesGiveAMessageOrAPreciseRefusal(@ForAll("randomBodies") byte[] body) {
        assertMessageOrRefusal(body);
    }

    @Property(tries = 1500)
    void mutatedBodiesGiveAMessageOrAPreciseRefusal(@ForAll("mutatedBodies") byte[] body) {
        assertMessageOrRefusal(body);
    }

    @Property(tries = 300)
    void wrongTypesAreRefusedNamingTheField(@ForAll("fields") String field, @ForAll("jsonValues") String value) {
        String body = "{\"messageId\":\"m\",\"conversation\":\"c\",\"text\":\"t\",\"" + field + "\":" + value + "}";
        Object outcome = outcome(body.getBytes(StandardCharsets.UTF_8));
        if (outcome instanceof MalformedPayloadException e) {
            assertThat(e.getMessage()).contains("'" + field + "'");
        }
    }

    @Example
    void loneSurrogatesAreRefusedNamingTheField() {
        for (String field : List.of("messageId", "conversation", "text", "team", "userId")) {
            String body = "{\"messageId\":\"m\",\"conversation\":\"c\",\"text\":\"t\",\"" + field
                    + "\":\"ok\\udbff\"}";
            assertThat(outcome(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(MalformedPayloadException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("field '" + field + "' is not valid Unicode: a lone surrogate \\udbff at "
                                    + "character 2 (escapes of surrogates must come in high-low pairs)"));
        }
        String rawCesu = "{\"messageId\":\"m\",\"conversation\":\"c\",\"text\":\"";
        byte[] cesu = concat(rawCesu.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xed, (byte) 0xa0,
                (byte) 0x80}, "\"}".getBytes(StandardCharsets.UTF_8)); // a surrogate encoded as raw bytes
        assertThat(outcome(cesu)).isInstanceOf(MalformedPayloadException.class);
    }

    @Property(tries = 500)
    void signatureVerificationNeverThrows(@ForAll("headers") String timestamp, @ForAll("headers") String signature,
                                          @ForAll("randomBodies") byte[] body) {
        SignatureCheck check = WebhookSignature.verify("s3cret", timestamp, signature, body, NOW);
        assertThat(check.valid()).isFalse();
        assertThat(check.reason()).isNotBlank();
    }

    @Provide
    Arbitrary<byte[]> randomBodies() {
        return Mutations.randomBytes(2048);
    }

    @Provide
    Arbitrary<byte[]> mutatedBodies() {
        return Mutations.mutated(SEEDS);
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of("messageId", "conversation", "text", "team", "userId");
    }

    @Provide
    Arbitrary<String> jsonValues() {
        return Arbitraries.of("null", "1", "-0.5e3", "true", "[]", "{}", "[\"a\"]", "{\"a\":\"b\"}", "\"\"", "\" \"",
                "\"a|b\"", "\"x\"", "\"\\u0000\"", "1e99999");
    }

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(100), Arbitraries.strings().numeric()
                .ofMaxLength(25), Arbitraries.of("", "v1=", "v1=zz", Long.toString(NOW.getEpochSecond()), "-1"));
    }

    private Object outcome(byte[] body) {
        try {
            return parser.parse("b1", body, NOW);
        } catch (MalformedPayloadException e) {
            return e;
        }
    }

    private void assertMessageOrRefusal(byte[] body) {
        Object outcome = outcome(body);
        if (outcome instanceof MalformedPayloadException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n\tat ").hasSizeLessThan(2_000);
        } else {
            InboundMessage m = (InboundMessage) outcome;
            for (String s : new String[] {m.team(), m.conversation(), m.userId(), m.messageId(), m.text()}) {
                assertThat(Mutations.hasLoneSurrogate(s)).as(s).isFalse();
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
