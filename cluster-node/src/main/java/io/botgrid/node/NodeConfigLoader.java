package io.botgrid.node;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link NodeConfig} from YAML. Unknown keys and bad values are refused with the key and line, so a typo
 * cannot silently fall back to a default. Durations are written {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}
 * or ISO-8601 ({@code PT10S}).
 */
public final class NodeConfigLoader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final ObjectMapper mapper;

    public NodeConfigLoader() {
        SimpleModule durations = new SimpleModule("botgrid-durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return parseDuration(p.getValueAsString());
            }
        });
        durations.addDeserializer(Path.class, new JsonDeserializer<>() {
            @Override
            public Path deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return Path.of(p.getValueAsString());
            }
        });
        mapper = new ObjectMapper(new YAMLFactory())
                .registerModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or an ISO-8601 duration. */
    public static Duration parseDuration(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is missing");
        }
        Matcher m = DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 10s, 2m, PT1H)");
        }
    }

    /** Reads the file; fails with a message naming the file, key and line. */
    public NodeConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("configuration file " + file + " does not exist");
        }
        try {
            NodeConfig config = mapper.readValue(file.toFile(), NodeConfig.class);
            return config == null ? NodeConfig.defaults() : config;
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("configuration file " + file + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

}
