package io.botgrid.bots.internal;

import io.botgrid.actor.ActorId;
import io.botgrid.bots.platform.BotApiException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Bot ids: short, URL-safe (they appear in ingress paths), lowercase. */
final class BotIds {
    static final String ACTOR_TYPE = io.botgrid.bots.platform.ChannelReceivers.BOT_ACTOR_TYPE;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private BotIds() {
    }

    /** @throws BotApiException (INVALID_ARGUMENT) for a missing or malformed id */
    static String check(String botId) {
        if (botId == null || botId.isEmpty()) {
            throw BotApiException.invalid("bot_id is required");
        }
        if (!ID.matcher(botId).matches()) {
            throw BotApiException.invalid("bot_id must match [a-z0-9][a-z0-9_-]{0,62}, got '" + botId + "'");
        }
        return botId;
    }

    static String generate() {
        return "bot-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static ActorId actorId(String botId) {
        return ActorId.of(ACTOR_TYPE, check(botId));
    }
}
