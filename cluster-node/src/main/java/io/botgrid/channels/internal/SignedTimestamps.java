package io.botgrid.channels.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The replay window both signature schemes share: a signed epoch-seconds timestamp must lie within five minutes of
 * this node's clock, in either direction, so that a captured request cannot be replayed later.
 */
public final class SignedTimestamps {
    /** How far a signed timestamp may be from now. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}");

    private SignedTimestamps() {
    }

    /** The header as epoch seconds, or empty when it is missing or not a plain non-negative integer. */
    public static OptionalLong parse(String header) {
        if (header == null || !EPOCH_SECONDS.matcher(header.strip()).matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(header.strip()));
    }

    /** Whether {@code epochSeconds} lies outside the window around {@code now}. */
    public static boolean isStale(long epochSeconds, Instant now) {
        return Math.abs(now.getEpochSecond() - epochSeconds) > WINDOW.toSeconds();
    }
}
