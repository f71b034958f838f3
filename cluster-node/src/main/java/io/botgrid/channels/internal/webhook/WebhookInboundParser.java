package io.botgrid.channels.internal.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.botgrid.channels.ChannelKind;
import io.botgrid.channels.ChannelTarget;
import io.botgrid.channels.InboundMessage;
import io.botgrid.channels.internal.MalformedPayloadException;
import io.botgrid.channels.internal.ValidUnicode;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads a message posted to a bot's webhook channel: {@code {"messageId","team","conversation","userId","text"}}.
 * The sender is a program written against our documentation, so every problem is reported precisely (which field,
 * what is wrong) and returned to it with HTTP 400, rather than guessed around.
 *
 * <p>{@code messageId}, {@code conversation} and {@code text} are required non-blank strings; {@code team} defaults
 * to {@value #DEFAULT_TEAM} and {@code userId} to {@value #DEFAULT_USER}. A team must not contain {@code '|'}, the
 * separator of session keys, so that two senders cannot land in one session. Unknown fields are ignored, so senders
 * may add their own. Thread-safe.
 */
public final class WebhookInboundParser {
    /** The {@link InboundMessage#platform()} of webhook messages. */
    public static final String PLATFORM = "webhook";
    /** Team of a message that names none. */
    public static final String DEFAULT_TEAM = "default";
    /** User of a message that names none. */
    public static final String DEFAULT_USER = "anonymous";

    private final ObjectMapper json;

    /** A parser using its own Jackson mapper. */
    public WebhookInboundParser() {
        this(new ObjectMapper());
    }

    /** A parser using {@code json} (only read from). */
    public WebhookInboundParser(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Parses one request body into a message for {@code botId}, replying through the webhook channel to the same
     * conversation.
     *
     * @throws MalformedPayloadException naming the field and the problem
     */
    public InboundMessage parse(String botId, byte[] body, Instant receivedAt) throws MalformedPayloadException {
        JsonNode root = readObject(body);
        String messageId = required(root, "messageId");
        String conversation = required(root, "conversation");
        String text = required(root, "text");
        String team = optional(root, "team", DEFAULT_TEAM);
        String userId = optional(root, "userId", DEFAULT_USER);
        if (team.indexOf('|') >= 0) {
            throw new MalformedPayloadException("field 'team' must not contain '|'");
        }
        return new InboundMessage(botId, PLATFORM, team, conversation, userId, messageId, text, receivedAt,
                new ChannelTarget(ChannelKind.WEBHOOK, conversation, null));
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

    private static String required(JsonNode root, String field) throws MalformedPayloadException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedPayloadException("missing field '" + field + "'");
        }
        if (!value.isTextual()) {
            throw new MalformedPayloadException("field '" + field + "' must be a string");
        }
        if (value.asText().isBlank()) {
            throw new MalformedPayloadException("field '" + field + "' must not be blank");
        }
        return value.asText();
    }

    private static String optional(JsonNode root, String field, String fallback) throws MalformedPayloadException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new MalformedPayloadException("field '" + field + "' must be a string");
        }
        return value.asText().isBlank() ? fallback : value.asText();
    }
}
