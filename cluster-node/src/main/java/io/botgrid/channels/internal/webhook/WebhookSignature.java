package io.botgrid.channels.internal.webhook;

import io.botgrid.channels.internal.Hmac;
import io.botgrid.channels.internal.SignatureCheck;
import io.botgrid.channels.internal.SignatureScheme;
import java.time.Instant;

/**
 * Botgrid's webhook signature, the one the webhook handler and the webhook channel share in both directions, so a
 * service integrates with a single verification routine: {@code X-Botgrid-Signature: v1=<hex HMAC-SHA256(secret,
 * timestamp + "." + body)>} with {@code X-Botgrid-Timestamp: <epoch seconds>}, accepted within five minutes of now
 * to stop replays.
 */
public final class WebhookSignature {
    /** Header carrying the epoch-seconds timestamp. */
    public static final String TIMESTAMP_HEADER = "X-Botgrid-Timestamp";
    /** Header carrying {@code v1=<hex>}. */
    public static final String SIGNATURE_HEADER = "X-Botgrid-Signature";

    private static final String VERSION = "v1";
    private static final SignatureScheme SCHEME = new SignatureScheme("secret", TIMESTAMP_HEADER,
            SIGNATURE_HEADER, VERSION, WebhookSignature::sign);

    private WebhookSignature() {
    }

    /** The {@value #SIGNATURE_HEADER} value for {@code body} sent at {@code epochSeconds}. */
    public static String sign(String secret, long epochSeconds, byte[] body) {
        return VERSION + "=" + Hmac.sha256Hex(secret, epochSeconds + ".", body);
    }

    /**
     * Checks one request.
     *
     * @param secret the channel's shared secret
     * @param timestampHeader value of {@value #TIMESTAMP_HEADER}, or null when absent
     * @param signatureHeader value of {@value #SIGNATURE_HEADER}, or null when absent
     * @param body the body exactly as received
     * @param now this node's clock
     * @return valid, or rejected with the reason
     */
    public static SignatureCheck verify(String secret, String timestampHeader, String signatureHeader, byte[] body,
                                        Instant now) {
        return SCHEME.verify(secret, timestampHeader, signatureHeader, body, now);
    }
}
