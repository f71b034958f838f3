package io.botgrid.channels.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.botgrid.channels.internal.SignatureCheck;
import io.botgrid.channels.internal.TestSigning;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final long TS = 1_767_225_600L;
    private static final Instant NOW = Instant.ofEpochSecond(TS);
    private static final String BODY = "{\"messageId\":\"m1\",\"conversation\":\"c\",\"text\":\"hé\"}";
    private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);

    @Test
    void signsLikeTheIndependentComputation() {
        assertThat(WebhookSignature.sign("k", TS, BYTES)).isEqualTo(TestSigning.webhook("k", TS, BODY));
    }

    @Test
    void verifiesGoodAndRejectsForgedStaleAndMissing() {
        String sig = TestSigning.webhook("k", TS, BODY);
        String ts = Long.toString(TS);
        assertThat(WebhookSignature.verify("k", ts, sig, BYTES, NOW)).isEqualTo(SignatureCheck.ok());
        assertThat(WebhookSignature.verify("k", ts, sig, BYTES, NOW.plusSeconds(300)).valid()).isTrue();
        assertThat(WebhookSignature.verify("other", ts, sig, BYTES, NOW).reason()).isEqualTo("signature mismatch");
        assertThat(WebhookSignature.verify("k", ts, sig, "{}".getBytes(StandardCharsets.UTF_8), NOW).valid())
                .isFalse();
        assertThat(WebhookSignature.verify("k", ts, sig, BYTES, NOW.plusSeconds(301)).reason())
                .isEqualTo("stale timestamp");
        assertThat(WebhookSignature.verify("k", ts, sig, BYTES, NOW.minusSeconds(301)).reason())
                .isEqualTo("stale timestamp");
        assertThat(WebhookSignature.verify("k", null, sig, BYTES, NOW).reason())
                .isEqualTo("missing X-Botgrid-Timestamp");
        assertThat(WebhookSignature.verify("k", ts, null, BYTES, NOW).reason())
                .isEqualTo("missing X-Botgrid-Signature");
        assertThat(WebhookSignature.verify("k", "soon", sig, BYTES, NOW).reason())
                .isEqualTo("malformed X-Botgrid-Timestamp");
        assertThat(WebhookSignature.verify("k", ts, "v0=" + sig.substring(3), BYTES, NOW).valid()).isFalse();
    }
}
