package io.botgrid.channels.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Refuses a JSON body holding a string that is not Unicode text: a lone UTF-16 surrogate, which JSON lets a sender
 * write as an escape ({@code "\ud800"}) and Jackson turns into a Java string as it is. Such a string has no UTF-8
 * form, so it would pass the endpoint and fail much later (a protobuf string field, the journal, a reply) far from
 * the request that brought it. It is refused at the door with HTTP 400 naming the field, rather than replaced: a
 * silently altered message id or text would be worse than a clear refusal, and no real sender needs one.
 */
public final class ValidUnicode {
    private ValidUnicode() {
    }

    /**
     * Checks every string value and field name of {@code root}.
     *
     * @throws MalformedPayloadException naming the first field found and the position of the surrogate
     */
    public static void require(JsonNode root) throws MalformedPayloadException {
        check(root, "");
    }

    private static void check(JsonNode node, String path) throws MalformedPayloadException {
        if (node.isTextual()) {
            int at = loneSurrogate(node.textValue());
            if (at >= 0) {
                throw refusal(path.isEmpty() ? "the body" : "field '" + path + "'", node.textValue(), at);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                int at = loneSurrogate(field.getKey());
                if (at >= 0) {
                    throw refusal("a field name" + (path.isEmpty() ? "" : " in '" + path + "'"), field.getKey(), at);
                }
                check(field.getValue(), name);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static MalformedPayloadException refusal(String where, String text, int at) {
        return new MalformedPayloadException(where + " is not valid Unicode: a lone surrogate \\u"
                + Integer.toHexString(text.charAt(at)) + " at character " + at
                + " (escapes of surrogates must come in high-low pairs)");
    }

    /** Index of the first surrogate that is not part of a high-low pair, or -1. */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
