package io.botgrid.audit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Keys that sort by time as plain strings: 16 hex digits of the microseconds since the epoch, then the node and a
 * per-node counter so two entries of the same microsecond differ ({@code 0005f2c1a3b4c5d6-node-1-0000002a}). A page
 * token is the key of a page's last (oldest) entry, base64url-encoded: the next page is every key below it, so
 * entries written meanwhile never shift the pages.
 */
final class AuditKeys {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{16}-[A-Za-z0-9_.\\-]{1,64}-[0-9a-f]{8,16}");

    private final String node;
    private final AtomicLong sequence = new AtomicLong();

    AuditKeys(String node) {
        this.node = node;
    }

    /** A new key for an entry at {@code at}. */
    String next(Instant at) {
        return prefix(at) + "-" + node + "-" + String.format("%08x", sequence.incrementAndGet());
    }

    /** The first 16 characters of every key at {@code at}: compare keys with it to bound them by time. */
    static String prefix(Instant at) {
        long micros = Math.max(0, Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L),
                at.getNano() / 1_000));
        return String.format("%016x", micros);
    }

    static String token(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a page token stands for.
     *
     * @throws IllegalArgumentException if the token was not made by {@link #token}
     */
    static String fromToken(String token) {
        String key;
        try {
            key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badToken();
        }
        if (!KEY.matcher(key).matches()) {
            throw badToken();
        }
        return key;
    }

    private static IllegalArgumentException badToken() {
        return new IllegalArgumentException("page token is not one this API returned (pass next_page_token as it "
                + "came, or nothing for the newest entries)");
    }
}
