package io.botgrid.channels.internal.slack;

import io.botgrid.channels.internal.Hmac;
import io.botgrid.channels.internal.SignatureCheck;
import io.botgrid.channels.internal.SignatureScheme;
import java.time.Instant;

/**
 * Decides whether an Events API request really comes from Slack, before anything in it is believed: anyone can POST
 * to a public endpoint, and only Slack knows the app's signing secret. Implements Slack's v0 scheme: the
 * {@code X-Slack-Signature} header is {@code v0=} followed by the hex HMAC-SHA256 of {@code v0:{timestamp}:{body}},
 * and the {@code X-Slack-Request-Timestamp} must be within five minutes of now, which stops replays.
 */
public final class SlackSignatureVerifier {
    /** Header carrying the request's epoch-seconds timestamp. */
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    /** Header carrying {@code v0=<hex>}. */
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";

    private static final String VERSION = "v0";
    private static final SignatureScheme SCHEME = new SignatureScheme("signing secret", TIMESTAMP_HEADER,
            SIGNATURE_HEADER, VERSION, SlackSignatureVerifier::sign);

    private SlackSignatureVerifier() {
    }

    /**
     * Checks one request.
     *
     * @param signingSecret the Slack app's signing secret
     * @param timestampHeader value of {@value #TIMESTAMP_HEADER}, or null when absent
     * @param signatureHeader value of {@value #SIGNATURE_HEADER}, or null when absent
     * @param rawBody the body exactly as received
     * @param now this node's clock
     * @return valid, or rejected with the reason
     */
    public static SignatureCheck verify(String signingSecret, String timestampHeader, String signatureHeader,
                                        byte[] rawBody, Instant now) {
        return SCHEME.verify(signingSecret, timestampHeader, signatureHeader, rawBody, now);
    }

    /** The {@value #SIGNATURE_HEADER} value Slack sends for this body and timestamp. */
    static String sign(String signingSecret, long epochSeconds, byte[] rawBody) {
        return VERSION + "=" + Hmac.sha256Hex(signingSecret, VERSION + ":" + epochSeconds + ":", rawBody);
    }
}
