package io.botgrid.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way durations are written in Botgrid's settings: the node's YAML, the command line and the settings of
 * bot handlers. It lives in a package of its own so that any component can read its own settings without
 * depending on the node that composes them.
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 7d} or an ISO-8601 duration ({@code PT10S}).
     *
     * @throws IllegalArgumentException naming the text, if it is missing or not a duration
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is missing");
        }
        Matcher m = DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 10s, 2m, PT1H)");
        }
    }
}
