package io.botgrid.channels.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 as both channels use it: a hex digest over a prefix and a raw body, and a comparison whose time does
 * not depend on where two signatures first differ, so that a forger learns nothing from response times.
 */
public final class Hmac {
    private static final String ALGORITHM = "HmacSHA256";
    /**
     * Each thread's last {@code Mac} with the secret it was keyed with: looking the algorithm up and keying it cost
     * more than signing a small body, and a node's endpoint threads mostly see the same few secrets.
     */
    private static final ThreadLocal<Keyed> LAST = new ThreadLocal<>();

    private record Keyed(String secret, Mac mac) {
    }

    private Hmac() {
    }

    /** Lowercase hex HMAC-SHA256 under {@code secret} (UTF-8) of {@code prefix} (UTF-8) followed by {@code body}. */
    public static String sha256Hex(String secret, String prefix, byte[] body) {
        Mac mac = mac(secret);
        mac.update(prefix.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body)); // doFinal resets the Mac for the next use
    }

    private static Mac mac(String secret) {
        Keyed last = LAST.get();
        if (last != null && last.secret().equals(secret)) {
            return last.mac();
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            LAST.set(new Keyed(secret, mac));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e); // every JDK has it
        }
    }

    /** Whether two signatures are equal (hex case ignored), in time independent of their contents. */
    public static boolean constantTimeEquals(String expected, String presented) {
        byte[] a = expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] b = presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }
}
