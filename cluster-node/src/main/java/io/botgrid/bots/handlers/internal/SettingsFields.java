package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.SettingsNode.Field;
import io.botgrid.bots.handlers.internal.SettingsNode.MapNode;
import io.botgrid.bots.handlers.internal.SettingsNode.ScalarNode;
import io.botgrid.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * The checks of single settings values that more than one handler's settings share (the webhook's and the llm's):
 * each turns a bad value into an {@link InvalidHandlerSettingsException} with the value's line and a message naming
 * the key, so that every handler refuses the same mistake in the same words.
 */
final class SettingsFields {
    private SettingsFields() {
    }

    /** The field {@code key} of {@code root}, which must be there. */
    static Field required(MapNode root, String key) {
        return root.field(key).orElseThrow(() -> new InvalidHandlerSettingsException(root.line(),
                "missing key '" + key + "'"));
    }

    /** The text of {@code field}, which must not be blank. */
    static String nonBlank(Field field, String key) {
        String text = field.value().asText("'" + key + "'");
        if (text.isBlank()) {
            throw new InvalidHandlerSettingsException(field.value().line(), "'" + key + "' is empty");
        }
        return text;
    }

    /** An absolute http or https URL with a host. */
    static URI httpUrl(Field field, String key) {
        String text = field.value().asText("'" + key + "'").strip();
        int line = field.value().line();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidHandlerSettingsException(line, "'" + key + "' is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidHandlerSettingsException(line, "'" + key + "' must be an http or https URL, not '"
                    + text + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidHandlerSettingsException(line, "'" + key + "' has no host: '" + text + "'");
        }
        return uri;
    }

    /** A duration ({@link Durations} syntax) above zero and at most {@code max}, under the key {@code timeout}. */
    static Duration timeout(Field field, Duration max) {
        int line = field.value().line();
        Duration timeout;
        try {
            timeout = Durations.parse(field.value().asText("'timeout'"));
        } catch (IllegalArgumentException e) {
            throw new InvalidHandlerSettingsException(line, "'timeout': " + e.getMessage(), e);
        }
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(max) > 0) {
            throw new InvalidHandlerSettingsException(line, "'timeout' must be above 0 and at most " + max
                    + ", not " + timeout);
        }
        return timeout;
    }

    /** A whole number from {@code min} to {@code max}, written as a number (not as text). */
    static long whole(Field field, String key, long min, long max) {
        SettingsNode value = field.value();
        if (value instanceof ScalarNode s && s.kind() == ScalarNode.Kind.NUMBER) {
            try {
                long n = Long.parseLong(s.text());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new InvalidHandlerSettingsException(value.line(), "'" + key + "' must be a whole number from " + min
                + " to " + max + ", not " + describe(value));
    }

    /** A number as written, anything else as {@link SettingsNode#describe()} says. */
    static String describe(SettingsNode value) {
        return value instanceof ScalarNode s && s.kind() == ScalarNode.Kind.NUMBER ? s.text() : value.describe();
    }
}
