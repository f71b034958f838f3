package io.botgrid.bots.handlers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.SessionView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook handler's wire format. Request:
 * {@code {"botId","messageId","text","userId","session":{platform,team,conversation,state,variables}}}; reply:
 * {@code {"replies":[...],"variables":{...},"state":"..."}}, every field optional, unknown fields ignored so that
 * services can add their own. A reply of the wrong shape is refused rather than half used.
 */
final class WebhookCodec {
    static final int MAX_REPLY_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookCodec() {
    }

    /** The JSON body POSTed for one message. */
    static byte[] request(HandlerRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("botId", request.botId());
        body.put("messageId", request.message().messageId());
        body.put("text", request.message().text());
        body.put("userId", request.message().userId());
        SessionView s = request.session();
        ObjectNode session = body.putObject("session");
        session.put("platform", s.platform());
        session.put("team", s.team());
        session.put("conversation", s.conversation());
        session.put("state", s.state());
        ObjectNode variables = session.putObject("variables");
        new java.util.TreeMap<>(s.variables()).forEach(variables::put);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree of strings", e);
        }
    }

    /**
     * The handler result carried by a 2xx reply body; an empty body means no reply.
     *
     * @throws IllegalArgumentException when the body is not a reply
     */
    static HandlerResult reply(byte[] body) {
        if (body.length > MAX_REPLY_BYTES) {
            throw new IllegalArgumentException("reply body is larger than " + MAX_REPLY_BYTES + " bytes");
        }
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return HandlerResult.none();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("reply is not JSON: " + why, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("reply must be a JSON object");
        }
        return new HandlerResult(replies(root.get("replies")), variables(root.get("variables")),
                state(root.get("state")));
    }

    private static List<String> replies(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'replies' must be an array of strings");
        }
        List<String> replies = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException("'replies' must be an array of strings, found " + item.getNodeType());
            }
            if (!item.textValue().isBlank()) {
                replies.add(item.textValue());
            }
        }
        return replies;
    }

    private static Map<String, String> variables(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("'variables' must be an object of strings");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new IllegalArgumentException("variable '" + e.getKey() + "' must be a string");
            }
            variables.put(e.getKey(), e.getValue().asText());
        }
        return variables;
    }

    private static Optional<String> state(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("'state' must be a string");
        }
        return Optional.of(node.textValue());
    }
}
