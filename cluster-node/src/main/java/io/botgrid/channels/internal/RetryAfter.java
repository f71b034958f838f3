package io.botgrid.channels.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header, so that a rate-limited delivery waits as long as the platform asked rather than
 * hammering it on our own schedule. Slack sends seconds; generic webhook receivers may send an HTTP date.
 */
public final class RetryAfter {
    /** Longest wait honoured; a larger value is more likely a bug on the other side than a real request. */
    static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {
    }

    /**
     * The delay the header asks for: delay-seconds or an HTTP date (relative to {@code now}), capped at one hour;
     * {@code fallback} when the header is absent or unreadable.
     */
    public static Duration parse(Optional<String> header, Duration fallback, Instant now) {
        if (header.isEmpty() || header.get().isBlank()) {
            return fallback;
        }
        String value = header.get().strip();
        Duration delay;
        if (value.chars().allMatch(Character::isDigit)) {
            delay = value.length() > 7 ? MAX : Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                delay = Duration.between(now, at);
                if (delay.isNegative()) {
                    delay = Duration.ZERO;
                }
            } catch (DateTimeParseException e) {
                return fallback;
            }
        }
        return delay.compareTo(MAX) > 0 ? MAX : delay;
    }
}
