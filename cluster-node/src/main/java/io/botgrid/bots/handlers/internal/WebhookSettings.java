package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.SettingsNode.Field;
import io.botgrid.bots.handlers.internal.SettingsNode.MapNode;
import io.botgrid.bots.handlers.internal.SettingsNode.ScalarNode;
import io.botgrid.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A webhook bot's checked settings.
 *
 * @param url where messages are POSTed (http or https)
 * @param secret HMAC key signing each request
 * @param timeout bound of one attempt
 * @param retries attempts after the first one, on connect errors, timeouts, 429 and 5xx
 * @param fallback reply when the service cannot be reached, or empty to fail the message
 */
record WebhookSettings(URI url, String secret, Duration timeout, int retries, Optional<String> fallback) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int DEFAULT_RETRIES = 2;
    static final int MAX_RETRIES = 10;
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    private static final Set<String> KEYS = Set.of("url", "secret", "timeout", "retries", "fallback");

    WebhookSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(fallback, "fallback");
    }

    /** Parses and checks settings text (YAML or JSON). */
    static WebhookSettings parse(String settings) {
        MapNode root = SettingsReader.read(settings)
                .orElseThrow(() -> new InvalidHandlerSettingsException(0,
                        "webhook settings are empty: 'url' and 'secret' are required"))
                .asMap("webhook settings");
        root.requireOnly(KEYS, "webhook settings");
        URI url = url(required(root, "url"));
        Field secretField = required(root, "secret");
        String secret = secretField.value().asText("'secret'");
        if (secret.isBlank()) {
            throw new InvalidHandlerSettingsException(secretField.value().line(), "'secret' is empty");
        }
        Duration timeout = root.field("timeout").map(WebhookSettings::timeout).orElse(DEFAULT_TIMEOUT);
        int retries = root.field("retries").map(WebhookSettings::retries).orElse(DEFAULT_RETRIES);
        Optional<String> fallback = root.field("fallback").map(f -> f.value().asText("'fallback'"))
                .filter(text -> !text.isBlank());
        return new WebhookSettings(url, secret, timeout, retries, fallback);
    }

    private static Field required(MapNode root, String key) {
        return root.field(key).orElseThrow(() -> new InvalidHandlerSettingsException(root.line(),
                "missing key '" + key + "'"));
    }

    private static URI url(Field field) {
        String text = field.value().asText("'url'").strip();
        int line = field.value().line();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidHandlerSettingsException(line, "'url' is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidHandlerSettingsException(line, "'url' must be an http or https URL, not '" + text + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidHandlerSettingsException(line, "'url' has no host: '" + text + "'");
        }
        return uri;
    }

    private static Duration timeout(Field field) {
        int line = field.value().line();
        Duration timeout;
        try {
            timeout = Durations.parse(field.value().asText("'timeout'"));
        } catch (IllegalArgumentException e) {
            throw new InvalidHandlerSettingsException(line, "'timeout': " + e.getMessage(), e);
        }
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidHandlerSettingsException(line, "'timeout' must be above 0 and at most " + MAX_TIMEOUT
                    + ", not " + timeout);
        }
        return timeout;
    }

    private static int retries(Field field) {
        SettingsNode value = field.value();
        if (!(value instanceof ScalarNode s) || s.kind() != ScalarNode.Kind.NUMBER) {
            throw new InvalidHandlerSettingsException(value.line(), "'retries' must be a whole number from 0 to "
                    + MAX_RETRIES + ", not " + value.describe());
        }
        int retries;
        try {
            retries = Integer.parseInt(s.text());
        } catch (NumberFormatException e) {
            retries = -1;
        }
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new InvalidHandlerSettingsException(value.line(), "'retries' must be a whole number from 0 to "
                    + MAX_RETRIES + ", not " + s.text());
        }
        return retries;
    }

    @Override
    public String toString() { // never print the secret
        return "WebhookSettings[url=" + url + ", timeout=" + timeout + ", retries=" + retries + ", fallback="
                + fallback.isPresent() + "]";
    }
}
