package io.botgrid.channels.internal.slack;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botgrid.channels.internal.MalformedPayloadException;
import io.botgrid.channels.internal.ValidUnicode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a verified Events API body into a {@link SlackEvent}. Its main job is deciding what the bot must <em>not</em>
 * answer: a bot that replies to its own messages, to other bots or to edits loops or spams, so every message that is
 * not a fresh human message is {@link SlackEvent.Ignored}.
 *
 * <p>Only {@code message} and {@code app_mention} events are messages. Ignored: anything with a {@code bot_id}, any
 * {@code subtype} except {@code thread_broadcast} and {@code file_share} (which are a person writing), hidden events,
 * messages without user, channel, ts or text, and messages whose user is the bot itself. The bot is the configured
 * bot user id, and the user of any {@code authorizations} entry with {@code is_bot: true}; never an authorization
 * with {@code is_bot: false}: an app that also receives events on behalf of people gets a person's message with an
 * authorization of that very person, and taking that for the bot would silently drop the message. A leading mention
 * of the bot is removed from the text, so that {@code "@bot hello"} reaches handlers as {@code "hello"}. Thread-safe.
 */
public final class SlackEventParser {
    private static final Set<String> HUMAN_SUBTYPES = Set.of("thread_broadcast", "file_share");

    private final ObjectMapper json;

    /** A parser using its own Jackson mapper. */
    public SlackEventParser() {
        this(new ObjectMapper());
    }

    /** A parser using {@code json} (only read from). */
    public SlackEventParser(ObjectMapper json) {
        this.json = json;
    }

    /** Same as {@link #parse(byte[], String)} without a configured bot user id. */
    public SlackEvent parse(byte[] body) throws MalformedPayloadException {
        return parse(body, null);
    }

    /**
     * Parses one callback body.
     *
     * @param body the request body
     * @param botUserId the bot's own Slack user id from its channel settings, or null or blank when not configured
     * @throws MalformedPayloadException when the body is not a JSON object, has no {@code type}, or lacks what its
     *         type requires ({@code challenge}; {@code event_id} and {@code event})
     */
    public SlackEvent parse(byte[] body, String botUserId) throws MalformedPayloadException {
        JsonNode root = readObject(body);
        String type = text(root, "type");
        if (type == null) {
            throw new MalformedPayloadException("missing field 'type'");
        }
        switch (type) {
            case "url_verification": {
                String challenge = text(root, "challenge");
                if (challenge == null) {
                    throw new MalformedPayloadException("url_verification without 'challenge'");
                }
                return new SlackEvent.UrlVerification(challenge);
            }
            case "event_callback":
                return eventCallback(root, botUserId);
            default:
                return new SlackEvent.Unsupported(type);
        }
    }

    private SlackEvent eventCallback(JsonNode root, String botUserId) throws MalformedPayloadException {
        String eventId = text(root, "event_id");
        JsonNode event = root.get("event");
        if (eventId == null || event == null || !event.isObject()) {
            throw new MalformedPayloadException("event_callback without 'event_id' or 'event'");
        }
        String eventType = text(event, "type");
        if (!"message".equals(eventType) && !"app_mention".equals(eventType)) {
            return new SlackEvent.Unsupported("event_callback/" + eventType);
        }
        if (present(event, "bot_id") || present(event, "bot_profile")) {
            return new SlackEvent.Ignored("message from a bot");
        }
        String subtype = text(event, "subtype");
        if (subtype != null && !HUMAN_SUBTYPES.contains(subtype)) {
            return new SlackEvent.Ignored("subtype " + subtype);
        }
        if (event.path("hidden").asBoolean(false)) {
            return new SlackEvent.Ignored("hidden message");
        }
        String user = text(event, "user");
        String channel = text(event, "channel");
        String ts = text(event, "ts");
        if (user == null || channel == null || ts == null) {
            return new SlackEvent.Ignored("message without user, channel or ts");
        }
        List<String> bot = botUserIds(root, botUserId);
        if (bot.contains(user)) {
            return new SlackEvent.Ignored("the bot's own message");
        }
        String team = text(root, "team_id");
        if (team == null) {
            team = text(event, "team");
        }
        if (team == null) {
            return new SlackEvent.Ignored("message without team");
        }
        String message = withoutLeadingMention(text(event, "text"), bot);
        if (message == null || message.isBlank()) {
            return new SlackEvent.Ignored("message without text");
        }
        return new SlackEvent.Message(team, eventId, channel, user, message, ts, text(event, "thread_ts"),
                isDirect(event, channel));
    }

    /** The bot's user ids: the configured one (if any) first, then those of authorizations that are a bot user. */
    private static List<String> botUserIds(JsonNode root, String configured) {
        List<String> ids = new ArrayList<>(2);
        if (configured != null && !configured.isBlank()) {
            ids.add(configured);
        }
        for (JsonNode authorization : root.path("authorizations")) {
            String id = text(authorization, "user_id");
            if (id != null && authorization.path("is_bot").asBoolean(false) && !ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Whether the message is a direct message to the bot: {@code channel_type: im}; events without a channel type
     * ({@code app_mention} has none) fall back to Slack's id scheme, in which direct-message channel ids start with D.
     */
    private static boolean isDirect(JsonNode event, String channel) {
        String channelType = text(event, "channel_type");
        return channelType != null ? "im".equals(channelType) : channel.startsWith("D");
    }

    private static String withoutLeadingMention(String text, List<String> botUserIds) {
        if (text == null) {
            return null;
        }
        String stripped = text.stripLeading();
        for (String id : botUserIds) {
            String mention = "<@" + id + ">";
            if (stripped.startsWith(mention)) {
                return stripped.substring(mention.length()).strip();
            }
        }
        return text;
    }

    private JsonNode readObject(byte[] body) throws MalformedPayloadException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedPayloadException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedPayloadException("body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPayloadException("body is not a JSON object");
        }
        ValidUnicode.require(root);
        return root;
    }

    /** A textual field's value, or null when it is absent, null or not a string. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }
}
