package io.botgrid.bots.handlers.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply or variable template of the rules handler: literal text with {@code {name}} or {@code {1}} placeholders.
 * Parsed once when the settings are configured, rendered per message. A placeholder that resolves to nothing renders
 * empty; braces that do not form a placeholder are literal text.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.-]*|[0-9]+)}");

    private final String source;
    private final List<Object> parts; // String literal or Placeholder

    private record Placeholder(String name) {
    }

    private Template(String source, List<Object> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** Splits {@code source} into literal text and placeholders. */
    static Template parse(String source) {
        List<Object> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(source);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(source.substring(last, m.start()));
            }
            parts.add(new Placeholder(m.group(1)));
            last = m.end();
        }
        if (last < source.length()) {
            parts.add(source.substring(last));
        }
        return new Template(source, parts);
    }

    /** Renders with {@code lookup} resolving placeholder names; a null answer renders as empty text. */
    String render(Function<String, String> lookup) {
        StringBuilder out = new StringBuilder(source.length() + 16);
        for (Object part : parts) {
            if (part instanceof Placeholder p) {
                String value = lookup.apply(p.name());
                if (value != null) {
                    out.append(value);
                }
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /** Whether rendering can only produce the empty string. */
    boolean isEmpty() {
        return source.isEmpty();
    }

    @Override
    public String toString() {
        return source;
    }
}
