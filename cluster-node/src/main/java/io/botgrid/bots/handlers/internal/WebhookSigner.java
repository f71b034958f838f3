package io.botgrid.bots.handlers.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests so that the receiving service can tell Botgrid's calls from forgeries and replays:
 * {@code v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, the timestamp being sent alongside.
 */
final class WebhookSigner {
    static final String TIMESTAMP_HEADER = "X-Botgrid-Timestamp";
    static final String SIGNATURE_HEADER = "X-Botgrid-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSigner() {
    }

    /** The signature header value for {@code body} sent at {@code epochSeconds}. */
    static String sign(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e); // every JDK has it
        }
    }
}
