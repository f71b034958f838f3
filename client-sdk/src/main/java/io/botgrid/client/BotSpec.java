package io.botgrid.client;

import java.util.Objects;

/**
 * What to create a bot from. Built with {@link #of} and the {@code with…} methods, so that optional parts stay
 * optional and the required ones cannot be forgotten.
 *
 * @param id the bot's id ({@code [a-z0-9][a-z0-9-_]{0,62}}), or {@code null} to let the server pick one
 * @param name a human-readable name, at most 200 characters
 * @param handler {@code echo}, {@code rules}, {@code webhook} or a plugin's name
 * @param handlerSettings the handler's settings (YAML or JSON), {@code ""} for none
 * @param idempotencyKey {@code null} to let the SDK make one; give your own to make a retry after a restart of
 *     your process safe
 */
public record BotSpec(String id, String name, String handler, String handlerSettings, String idempotencyKey) {
    public BotSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        handlerSettings = handlerSettings == null ? "" : handlerSettings;
    }

    public static BotSpec of(String name, String handler) {
        return new BotSpec(null, name, handler, "", null);
    }

    public BotSpec withId(String value) {
        return new BotSpec(value, name, handler, handlerSettings, idempotencyKey);
    }

    public BotSpec withHandlerSettings(String value) {
        return new BotSpec(id, name, handler, value, idempotencyKey);
    }

    public BotSpec withIdempotencyKey(String value) {
        return new BotSpec(id, name, handler, handlerSettings, value);
    }
}
