package io.botgrid.bots.handlers.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.botgrid.bots.InvalidHandlerSettingsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads handler settings (YAML, or JSON, which the YAML reader also takes) into a small tree that remembers the line
 * of every mapping entry and list item, so that an error can say where it is. Jackson's tree model drops locations.
 */
final class SettingsReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A value with the line it starts on: a {@code Map<String, Located>}, a {@code List<Located>} or a scalar. */
    record Located(Object value, int line) {
        @SuppressWarnings("unchecked")
        Map<String, Located> map(String what) {
            if (value instanceof Map<?, ?> m) {
                return (Map<String, Located>) m;
            }
            throw new InvalidHandlerSettingsException(line, what + " must be a mapping (key: value)");
        }

        @SuppressWarnings("unchecked")
        List<Located> list(String what) {
            if (value instanceof List<?> l) {
                return (List<Located>) l;
            }
            throw new InvalidHandlerSettingsException(line, what + " must be a list");
        }

        String text(String what) {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return String.valueOf(value);
            }
            if (value == null) {
                return "";
            }
            throw new InvalidHandlerSettingsException(line, what + " must be a text");
        }
    }

    private SettingsReader() {
    }

    /** The settings as a tree; empty text is an empty mapping. */
    static Located read(String settings) {
        if (settings == null || settings.isBlank()) {
            return new Located(Map.of(), 1);
        }
        try (JsonParser p = YAML.getFactory().createParser(settings)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Located(Map.of(), 1);
            }
            Located root = value(p);
            if (p.nextToken() != null) {
                throw new InvalidHandlerSettingsException(line(p), "unexpected content after the settings");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidHandlerSettingsException(line, "not valid YAML or JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidHandlerSettingsException(0, "settings cannot be read: " + e.getMessage());
        }
    }

    private static Located value(JsonParser p) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Located> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int fieldLine = line(p);
                    p.nextToken();
                    Located v = value(p);
                    if (map.put(name, new Located(v.value(), fieldLine)) != null) {
                        throw new InvalidHandlerSettingsException(fieldLine, "key '" + name + "' is given twice");
                    }
                }
                return new Located(map, line);
            }
            case START_ARRAY -> {
                List<Located> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return new Located(list, line);
            }
            case VALUE_NULL -> {
                return new Located(null, line);
            }
            default -> {
                JsonNode scalar = YAML.readTree(p);
                return new Located(scalar.isNumber() ? scalar.numberValue() : scalar.isBoolean()
                        ? (Object) scalar.booleanValue() : scalar.asText(), line);
            }
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** Fails on keys of {@code map} that are not in {@code allowed}, naming the first unknown one and its line. */
    static void onlyKeys(Map<String, Located> map, String what, java.util.Set<String> allowed) {
        for (Map.Entry<String, Located> e : map.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new InvalidHandlerSettingsException(e.getValue().line(), "unknown key '" + e.getKey() + "' in "
                        + what + "; allowed: " + new java.util.TreeSet<>(allowed));
            }
        }
    }
}
