package io.botgrid.bots.handlers.internal;

import static io.botgrid.bots.handlers.internal.SettingsFields.httpUrl;
import static io.botgrid.bots.handlers.internal.SettingsFields.nonBlank;
import static io.botgrid.bots.handlers.internal.SettingsFields.required;
import static io.botgrid.bots.handlers.internal.SettingsFields.whole;

import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.SettingsNode.MapNode;
import java.net.URI;
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
        URI url = httpUrl(required(root, "url"), "url");
        String secret = nonBlank(required(root, "secret"), "secret");
        Duration timeout = root.field("timeout").map(f -> SettingsFields.timeout(f, MAX_TIMEOUT))
                .orElse(DEFAULT_TIMEOUT);
        int retries = root.field("retries").map(f -> (int) whole(f, "retries", 0, MAX_RETRIES))
                .orElse(DEFAULT_RETRIES);
        Optional<String> fallback = root.field("fallback").map(f -> f.value().asText("'fallback'"))
                .filter(text -> !text.isBlank());
        return new WebhookSettings(url, secret, timeout, retries, fallback);
    }

    @Override
    public String toString() { // never print the secret
        return "WebhookSettings[url=" + url + ", timeout=" + timeout + ", retries=" + retries + ", fallback="
                + fallback.isPresent() + "]";
    }
}
