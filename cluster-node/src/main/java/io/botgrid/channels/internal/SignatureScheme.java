package io.botgrid.channels.internal;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * A request signature of the form {@code <version>=<hex HMAC>} over a timestamp and the raw body, sent in two headers,
 * as Slack (v0) and Botgrid's webhooks (v1) both use it. One place checks it, in the same order for both: secret,
 * headers present, timestamp well-formed and fresh, version, then the HMAC in constant time.
 *
 * @param secretName what the secret is called, for the reason given when none is configured
 * @param timestampHeader the header that carries the epoch-seconds timestamp
 * @param signatureHeader the header that carries the signature
 * @param version the signature version prefix, e.g. {@code v0}
 * @param signer computes the expected signature, version prefix included
 */
public record SignatureScheme(String secretName, String timestampHeader, String signatureHeader, String version,
                              Signer signer) {

    /** Computes {@code <version>=<hex HMAC>} for a secret, a timestamp and a body. */
    @FunctionalInterface
    public interface Signer {
        String sign(String secret, long epochSeconds, byte[] body);
    }

    /**
     * @param secret the configured secret (null or empty: every request is rejected)
     * @param timestamp value of the timestamp header, or null when absent
     * @param signature value of the signature header, or null when absent
     * @param body the body exactly as received
     * @param now this node's clock
     * @return valid, or rejected with the reason
     */
    public SignatureCheck verify(String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (secret == null || secret.isEmpty()) {
            return SignatureCheck.rejected("no " + secretName + " configured");
        }
        if (timestamp == null) {
            return SignatureCheck.rejected("missing " + timestampHeader);
        }
        if (signature == null) {
            return SignatureCheck.rejected("missing " + signatureHeader);
        }
        OptionalLong ts = SignedTimestamps.parse(timestamp);
        if (ts.isEmpty()) {
            return SignatureCheck.rejected("malformed " + timestampHeader);
        }
        if (SignedTimestamps.isStale(ts.getAsLong(), now)) {
            return SignatureCheck.rejected("stale timestamp");
        }
        String presented = signature.strip();
        if (!presented.startsWith(version + "=")) {
            return SignatureCheck.rejected("unsupported signature version");
        }
        return Hmac.constantTimeEquals(signer.sign(secret, ts.getAsLong(), body), presented)
                ? SignatureCheck.ok()
                : SignatureCheck.rejected("signature mismatch");
    }
}
