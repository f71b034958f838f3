package io.botgrid.channels.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signatures computed independently of the production code, so that a bug there cannot agree with itself. */
public final class TestSigning {
    private TestSigning() {
    }

    /** Slack's v0 signature header value. */
    public static String slack(String secret, long ts, String body) {
        return "v0=" + hmacHex(secret, "v0:" + ts + ":" + body);
    }

    /** Botgrid's v1 webhook signature header value. */
    public static String webhook(String secret, long ts, String body) {
        return "v1=" + hmacHex(secret, ts + "." + body);
    }

    private static String hmacHex(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(data.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
