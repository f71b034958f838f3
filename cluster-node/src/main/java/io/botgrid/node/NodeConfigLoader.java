package io.botgrid.node;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.botgrid.config.Durations;
import io.botgrid.workers.InvalidWorkerSpecException;
import io.botgrid.workers.WorkerSpec;
import io.botgrid.workers.cluster.WorkerSpecYaml;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a {@link NodeConfig} from YAML. Unknown keys and bad values are refused with one line naming the file, the
 * line, the key and what is allowed ({@code node.yaml:7: unknown key 'backup' (did you mean 'backups'? allowed:
 * ...)}), so a typo cannot silently fall back to a default and an operator sees at once what to fix. Durations are
 * written {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT10S}).
 */
public final class NodeConfigLoader {
    private static final String INVALID = "invalid node configuration: ";

    /** Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or an ISO-8601 duration; see {@link Durations}. */
    public static Duration parseDuration(String text) {
        return Durations.parse(text);
    }

    /** Reads the file over the defaults; fails with a one-line message naming the file, line and key. */
    public NodeConfig load(Path file) {
        return load(file, NodeConfig::builder);
    }

    /**
     * Reads the file over {@code defaults} instead of {@link NodeConfig#builder()}'s: the keys the file sets win,
     * the others keep the given defaults (so a command can have defaults of its own that the file still overrides).
     */
    public NodeConfig load(Path file, Supplier<NodeConfig.Builder> defaults) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": configuration file does not exist");
        }
        try {
            if (Files.readString(file).isBlank()) {
                return defaults.get().build(); // every key is optional, so no key at all is fine too
            }
            NodeConfig config = mapper(defaults).readValue(file.toFile(), NodeConfig.class);
            return config == null ? defaults.get().build() : config;
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(oneLine(describe(file, e)), e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(oneLine(file + where(e.getLocation()) + ": not valid YAML: "
                    + sentences(e.getOriginalMessage())), e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": configuration file is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(oneLine(file + ": configuration file cannot be read: "
                    + e.getMessage()), e);
        }
    }

    /**
     * The sentences of a parser's message without the excerpt of the file under them: SnakeYAML writes
     * {@code while parsing X / in 'reader', line 1 / <excerpt> / ^ / expected Y}, and only the unindented lines say
     * what is wrong.
     */
    private static String sentences(String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        String kept = message.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip)
                .collect(Collectors.joining("; "));
        return kept.isEmpty() ? message.strip() : kept;
    }

    /** The message on one line, whatever a parser or a value put in it: an operator reads it in a terminal. */
    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    private static ObjectMapper mapper(Supplier<NodeConfig.Builder> defaults) {
        SimpleModule module = new SimpleModule("botgrid-config");
        module.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return parseDuration(p.getValueAsString());
            }
        });
        module.addDeserializer(Path.class, new JsonDeserializer<>() {
            @Override
            public Path deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String text = p.getValueAsString();
                if (text == null) {
                    throw new IllegalArgumentException("expected a path");
                }
                return Path.of(text);
            }
        });
        module.addDeserializer(WorkerSpec.class, new JsonDeserializer<>() {
            @Override
            public WorkerSpec deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                JsonNode tree = p.readValueAsTree();
                try {
                    return WorkerSpecYaml.read(tree);
                } catch (InvalidWorkerSpecException e) {
                    String id = tree != null && tree.has("id") ? " '" + tree.get("id").asText() + "'" : "";
                    throw new IllegalArgumentException("worker spec" + id + ": " + e.getMessage(), e);
                }
            }
        });
        // The YAML reader fills a builder made by `defaults`, not a fresh one: that is how the file goes over them.
        module.addValueInstantiator(NodeConfig.Builder.class, new ValueInstantiator.Base(NodeConfig.Builder.class) {
            @Override
            public boolean canCreateUsingDefault() {
                return true;
            }

            @Override
            public Object createUsingDefault(DeserializationContext ctxt) {
                return defaults.get();
            }
        });
        return new ObjectMapper(new YAMLFactory())
                .registerModule(module)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** {@code file:line: key: what is wrong (what is allowed)}, on one line. */
    private static String describe(Path file, JsonMappingException e) {
        String message = e.getCause() instanceof IllegalArgumentException invalid ? invalid.getMessage() : null;
        if (message != null && message.startsWith(INVALID)) { // a rule of NodeConfig, checked once all is read
            String reason = message.substring(INVALID.length());
            return file + lineOfKey(file, reason.split("[ ,]", 2)[0]) + ": " + reason;
        }
        String at = where(e.getLocation()); // Jackson has none for a failure inside a value's own deserializer
        if (at.isEmpty() && !e.getPath().isEmpty()) {
            at = lineOfKey(file, e.getPath().get(0).getFieldName());
        }
        return file + at + describe(key(e.getPath()), e);
    }

    /** {@code : key: what is wrong (what is allowed)}. */
    private static String describe(String key, JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> allowed = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            String suggestion = closest(u.getPropertyName(), allowed);
            return ": unknown key '" + key + "' ("
                    + (suggestion == null ? "" : "did you mean '" + suggestion + "'? ")
                    + "allowed: " + String.join(", ", allowed) + ")";
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException invalid && cause.getMessage() != null) {
            return ": " + key + ": " + invalid.getMessage();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return ": " + key + ": expected " + expected(m.getTargetType())
                    + valueOf(e);
        }
        return ": " + (key.isEmpty() ? "" : key + ": ") + sentences(e.getOriginalMessage());
    }

    private static String valueOf(JsonMappingException e) {
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            return ", got '" + f.getValue() + "'";
        }
        return "";
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "a text value";
        }
        return "a " + type.getSimpleName();
    }

    /** The key path, {@code backups} or {@code grpcApiKeys[1].role}. */
    private static String key(List<JsonMappingException.Reference> path) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : ":" + location.getLineNr();
    }

    /** The line of a top-level key, for a rule checked after the whole file is read; "" if not in the file. */
    private static String lineOfKey(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            Pattern p = Pattern.compile("^" + Pattern.quote(key) + "\\s*:");
            for (int i = 0; i < lines.size(); i++) {
                if (p.matcher(lines.get(i)).find()) {
                    return ":" + (i + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return "";
    }

    /** The allowed key nearest to a mistyped one (edit distance at most 2, or differing only in case). */
    private static String closest(String typed, List<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : allowed) {
            int d = candidate.equalsIgnoreCase(typed) ? 0 : distance(typed.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
