package io.botgrid.bots.internal;

import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRecord;
import io.botgrid.proto.v1.Channel;
import io.botgrid.proto.v1.ChannelRecord;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a bot's internal record into what clients may see: secrets are stored (the platform needs them to verify
 * and to send) but never returned in full, only their last four characters so an operator can tell which one is set.
 */
final class Masking {
    /**
     * Keys of handler settings whose values are secrets, in YAML ({@code secret: x}) or JSON ({@code "secret": "x"}),
     * also as part of a longer key ({@code signing_secret}, {@code api_token}, {@code secret_key}); the value is found by
     * {@link #valueEnd}.
     */
    private static final Pattern SETTINGS_SECRET = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_.-])([\"']?)([A-Za-z0-9_.-]*(?:secret|token|password|passphrase|api_?key"
                    + "|private_?key|credentials?)(?:[_-]?(?:key|value))?)\\1[ \t]*:[ \t]*");

    private Masking() {
    }

    static Bot bot(BotRecord r) {
        Bot.Builder b = Bot.newBuilder().setBotId(r.getBotId()).setName(r.getName()).setHandler(r.getHandler())
                .setHandlerSettings(settings(r.getHandlerSettings())).setState(r.getState())
                .setCreatedAt(Times.ofMillis(r.getCreatedAtMillis())).setUpdatedAt(Times.ofMillis(r.getUpdatedAtMillis()))
                .setVersion(r.getVersion());
        for (ChannelRecord c : r.getChannelsList()) {
            Channel.Builder channel = Channel.newBuilder().setKind(c.getKind())
                    .setIngressPath(c.getSettingsMap().containsKey(ChannelSettings.SLACK_SIGNING_SECRET)
                            || c.getKind() != io.botgrid.proto.v1.ChannelKind.CHANNEL_KIND_SLACK
                            ? ChannelSettings.ingressPath(c.getKind(), r.getBotId()) : ""); // Socket Mode: none
            for (Map.Entry<String, String> e : c.getSettingsMap().entrySet()) {
                channel.putSettings(e.getKey(), ChannelSettings.isSecret(e.getKey()) ? secret(e.getValue())
                        : e.getValue());
            }
            b.addChannels(channel);
        }
        return b.build();
    }

    static String secret(String value) {
        return value.length() <= 8 ? "…" : "…" + value.substring(value.length() - 4);
    }

    /**
     * Handler settings with every secret value masked. Handler settings are free text (YAML or JSON, read by each
     * handler), so the secret's whole value is found by its syntax, not cut at the first space or comma: a quoted
     * value up to its closing quote, a block scalar ({@code |}, {@code >}) or a value on the following lines with all
     * its more indented lines, a plain value to the end of its line (or to the next {@code ,}, {@code &#125;} or
     * {@code ]} inside a flow mapping), less a trailing comment.
     */
    static String settings(String text) {
        Matcher m = SETTINGS_SECRET.matcher(text);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int start = m.end();
            int end = valueEnd(text, m.start(), start);
            if (end <= start) {
                from = m.end();
                continue;
            }
            String raw = text.substring(start, end);
            out.append(text, copied, start).append(masked(raw));
            copied = end;
            from = end;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** The masked form of a raw value: quotes kept, content masked; block and multi-line values become one token. */
    private static String masked(String raw) {
        char first = raw.charAt(0);
        if ((first == '"' || first == '\'') && raw.length() >= 2 && raw.charAt(raw.length() - 1) == first) {
            return first + secret(raw.substring(1, raw.length() - 1)) + first;
        }
        String value = raw.strip();
        if (value.startsWith("|") || value.startsWith(">")) {
            int newline = value.indexOf('\n');
            value = newline < 0 ? "" : value.substring(newline + 1);
        }
        String separator = Character.isWhitespace(first) ? " " : ""; // the value began on the next line
        return separator + secret(value.strip().replaceAll("\\s+", " "));
    }

    /** Where the value that starts at {@code start}, of the key that starts at {@code keyStart}, ends. */
    static int valueEnd(String text, int keyStart, int start) {
        if (start >= text.length()) {
            return start;
        }
        char c = text.charAt(start);
        if (c == '"') {
            for (int i = start + 1; i < text.length(); i++) {
                char d = text.charAt(i);
                if (d == '\\') {
                    i++;
                } else if (d == '"') {
                    return i + 1;
                }
            }
            return text.length();
        }
        if (c == '\'') {
            for (int i = start + 1; i < text.length(); i++) {
                if (text.charAt(i) == '\'') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                        i++;
                    } else {
                        return i + 1;
                    }
                }
            }
            return text.length();
        }
        int lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
        int column = keyStart - lineStart;
        boolean flow = unclosedBracket(text.substring(lineStart, keyStart)) || text.strip().startsWith("{");
        int lineEnd = text.indexOf('\n', start);
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        int end = start;
        if (c == '|' || c == '>' || c == '\n' || c == '\r' || c == '#') {
            end = lineEnd; // the value is on the following lines
        } else {
            for (int i = start; i < lineEnd; i++) {
                char d = text.charAt(i);
                if (flow && (d == ',' || d == '}' || d == ']')) {
                    return i;
                }
                if (d == '#' && i > start && Character.isWhitespace(text.charAt(i - 1))) {
                    break;
                }
                if (!Character.isWhitespace(d)) {
                    end = i + 1;
                }
            }
            if (flow) {
                return end;
            }
        }
        // Lines indented deeper than the key continue its value (block scalars, folded plain scalars).
        int next = lineEnd;
        while (next < text.length()) {
            int lineAfter = text.indexOf('\n', next + 1);
            lineAfter = lineAfter < 0 ? text.length() : lineAfter;
            String line = text.substring(next + 1, lineAfter);
            if (!line.isBlank() && indent(line) <= column) {
                break;
            }
            if (!line.isBlank()) {
                end = lineAfter;
            }
            next = lineAfter;
        }
        return end;
    }

    private static boolean unclosedBracket(String before) {
        int depth = 0;
        for (int i = 0; i < before.length(); i++) {
            char d = before.charAt(i);
            if (d == '{' || d == '[') {
                depth++;
            } else if ((d == '}' || d == ']') && depth > 0) {
                depth--;
            }
        }
        return depth > 0;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
