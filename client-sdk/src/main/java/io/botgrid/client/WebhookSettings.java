package io.botgrid.client;

import java.util.Objects;

/**
 * The generic webhook channel of a bot: your service POSTs signed messages in, and Botgrid POSTs signed replies to
 * {@code url}. Both directions are signed with {@code secret} (HMAC-SHA256), which {@link #toString()} masks.
 */
public record WebhookSettings(String secret, String url) {
    public WebhookSettings {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(url, "url");
    }

    @Override
    public String toString() {
        return "WebhookSettings[secret=" + Secrets.mask(secret) + ", url=" + url + "]";
    }
}
