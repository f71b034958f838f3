package io.botgrid.client;

import java.util.Objects;

/**
 * A change to a bot: only the parts set (non-null) change, so two operators changing different parts of a bot do
 * not undo each other's work.
 *
 * @param idempotencyKey {@code null} to let the SDK make one
 */
public record BotUpdate(String botId, String name, String handler, String handlerSettings, String idempotencyKey) {
    public BotUpdate {
        Objects.requireNonNull(botId, "botId");
    }

    /** A change of nothing yet; add what to change with the {@code with…} methods. */
    public static BotUpdate of(String botId) {
        return new BotUpdate(botId, null, null, null, null);
    }

    public BotUpdate withName(String value) {
        return new BotUpdate(botId, value, handler, handlerSettings, idempotencyKey);
    }

    public BotUpdate withHandler(String value) {
        return new BotUpdate(botId, name, value, handlerSettings, idempotencyKey);
    }

    public BotUpdate withHandlerSettings(String value) {
        return new BotUpdate(botId, name, handler, value, idempotencyKey);
    }

    public BotUpdate withIdempotencyKey(String value) {
        return new BotUpdate(botId, name, handler, handlerSettings, value);
    }
}
