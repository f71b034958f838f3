package io.botgrid.bots.handlers.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.SettingsNode.Field;
import io.botgrid.bots.handlers.internal.SettingsNode.ListNode;
import io.botgrid.bots.handlers.internal.SettingsNode.MapNode;
import io.botgrid.bots.handlers.internal.SettingsNode.ScalarNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads handler settings text, YAML or JSON, into {@link SettingsNode}s that keep their line numbers. Text whose first
 * non-blank character is <code>{</code> or {@code [} is read as JSON, anything else as YAML. Syntax errors become
 * {@link InvalidHandlerSettingsException} with the parser's line.
 */
final class SettingsReader {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private SettingsReader() {
    }

    /** The root value, or empty when the text is blank or a lone YAML null. */
    static Optional<SettingsNode> read(String settings) {
        String text = settings == null ? "" : settings;
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        try (JsonParser p = (json ? JSON : YAML).createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            SettingsNode root = readValue(p);
            if (p.nextToken() != null) {
                throw new InvalidHandlerSettingsException(line(p),
                        "unexpected content after the settings (only one document is allowed)");
            }
            return root instanceof ScalarNode s && s.kind() == ScalarNode.Kind.NULL ? Optional.empty()
                    : Optional.of(root);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidHandlerSettingsException(at == null ? 0 : Math.max(0, at.getLineNr()),
                    (json ? "invalid JSON: " : "invalid YAML: ") + summary(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does not do I/O
        }
    }

    /** Reads the value whose first token is the parser's current token. */
    private static SettingsNode readValue(JsonParser p) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Field> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    SettingsNode value = readValue(p);
                    if (fields.putIfAbsent(key, new Field(key, keyLine, value)) != null) {
                        throw new InvalidHandlerSettingsException(keyLine, "duplicate key '" + key + "'");
                    }
                }
                return new MapNode(line, fields);
            }
            case START_ARRAY: {
                List<SettingsNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p));
                }
                return new ListNode(line, items);
            }
            case VALUE_STRING:
                return new ScalarNode(line, p.getText(), ScalarNode.Kind.TEXT);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new ScalarNode(line, p.getText(), ScalarNode.Kind.NUMBER);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new ScalarNode(line, p.getText(), ScalarNode.Kind.BOOLEAN);
            case VALUE_NULL:
                return new ScalarNode(line, null, ScalarNode.Kind.NULL);
            default:
                throw new InvalidHandlerSettingsException(line, "unsupported value (" + t + ")");
        }
    }

    private static int line(JsonParser p) {
        return Math.max(0, p.currentTokenLocation().getLineNr());
    }

    /**
     * The parser's explanation without its source excerpts: YAML errors come as unindented sentences ("while
     * scanning a quoted scalar", "found unexpected end of stream") interleaved with indented excerpts and positions.
     */
    private static String summary(String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        String sentences = message.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip)
                .collect(java.util.stream.Collectors.joining("; "));
        return sentences.isEmpty() ? message.lines().findFirst().orElse("syntax error").strip() : sentences;
    }
}
