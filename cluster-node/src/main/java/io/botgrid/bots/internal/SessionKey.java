package io.botgrid.bots.internal;

import io.botgrid.actor.ActorId;
import io.botgrid.bots.platform.BotApiException;
import io.botgrid.proto.v1.SessionRef;
import java.util.regex.Pattern;

/**
 * The identity of a session: which bot, on which platform, in which team, which conversation. It is the Session
 * actor's key, {@code bot|platform|team|conversation}; the bot id comes first so that a bot's sessions are found by
 * prefix. {@code |} may appear in the conversation only (the last part), so the key splits unambiguously.
 */
public record SessionKey(String botId, String platform, String team, String conversation) {
    public static final String ACTOR_TYPE = "session";
    private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final int MAX_PART = 200;

    /** @throws BotApiException (INVALID_ARGUMENT) naming the part that is missing or malformed */
    public SessionKey {
        BotIds.check(botId);
        if (platform == null || !PLATFORM.matcher(platform).matches()) {
            throw BotApiException.invalid("platform must match [a-z][a-z0-9-]{0,31}, got '" + platform + "'");
        }
        team = team == null || team.isBlank() ? "default" : team;
        requirePart("team", team);
        if (team.indexOf('|') >= 0) {
            throw BotApiException.invalid("team must not contain '|'");
        }
        requirePart("conversation", conversation);
    }

    private static void requirePart(String name, String value) {
        if (value == null || value.isBlank()) {
            throw BotApiException.invalid(name + " is required");
        }
        if (value.length() > MAX_PART) {
            throw BotApiException.invalid(name + " is " + value.length() + " characters, the maximum is " + MAX_PART);
        }
    }

    public static SessionKey of(SessionRef ref) {
        return new SessionKey(ref.getBotId(), ref.getPlatform(), ref.getTeam(), ref.getConversation());
    }

    /** Parses an actor key written by {@link #actorKey()}. */
    public static SessionKey parse(String actorKey) {
        String[] parts = actorKey.split("\\|", 4);
        if (parts.length != 4) {
            throw BotApiException.invalid("not a session key: '" + actorKey + "'");
        }
        return new SessionKey(parts[0], parts[1], parts[2], parts[3]);
    }

    public String actorKey() {
        return botId + '|' + platform + '|' + team + '|' + conversation;
    }

    public ActorId actorId() {
        return ActorId.of(ACTOR_TYPE, actorKey());
    }

    public SessionRef toRef() {
        return SessionRef.newBuilder().setBotId(botId).setPlatform(platform).setTeam(team)
                .setConversation(conversation).build();
    }
}
