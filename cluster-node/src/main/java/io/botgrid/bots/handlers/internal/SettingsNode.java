package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.InvalidHandlerSettingsException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed settings value that remembers the line it started on, so that a check made long after parsing can still
 * say "line N: reason". Jackson's own trees drop locations, hence this small tree of our own.
 */
sealed interface SettingsNode {
    /** 1-based line where the value starts. */
    int line();

    /** What kind of value this is, for error messages ("a list", "text"). */
    String describe();

    /** A mapping; keys keep their order and their own line. */
    record MapNode(int line, Map<String, Field> fields) implements SettingsNode {
        public MapNode {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        /** The value of a key, if present. */
        public Optional<Field> field(String key) {
            return Optional.ofNullable(fields.get(key));
        }

        /** Fails on the first key outside {@code allowed}, naming the key and its line. */
        public void requireOnly(java.util.Set<String> allowed, String where) {
            for (Field f : fields.values()) {
                if (!allowed.contains(f.key())) {
                    String hint = allowed.isEmpty() ? ""
                            : " (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")";
                    throw new InvalidHandlerSettingsException(f.keyLine(),
                            "unknown key '" + f.key() + "' in " + where + hint);
                }
            }
        }
    }

    /** One key of a mapping with the line the key is written on. */
    record Field(String key, int keyLine, SettingsNode value) {
    }

    /** A sequence. */
    record ListNode(int line, List<SettingsNode> items) implements SettingsNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar: text, number, boolean or null ({@code text} is then null). Numbers and booleans keep their written
     * text, so that {@code reply: 42} is the reply "42".
     */
    record ScalarNode(int line, String text, Kind kind) implements SettingsNode {
        /** The scalar's type as the parser saw it. */
        enum Kind { TEXT, NUMBER, BOOLEAN, NULL }

        @Override
        public String describe() {
            return switch (kind) {
                case TEXT -> "text";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "empty";
            };
        }
    }

    /** This value as text; null becomes "", mappings and lists are refused with {@code what} in the reason. */
    default String asText(String what) {
        if (this instanceof ScalarNode s) {
            return s.text() == null ? "" : s.text();
        }
        throw new InvalidHandlerSettingsException(line(), what + " must be text, not " + describe());
    }

    /** This value as a mapping, or a refusal naming {@code what}. */
    default MapNode asMap(String what) {
        if (this instanceof MapNode m) {
            return m;
        }
        throw new InvalidHandlerSettingsException(line(), what + " must be a mapping, not " + describe());
    }

    /** This value as a list, or a refusal naming {@code what}. */
    default ListNode asList(String what) {
        if (this instanceof ListNode l) {
            return l;
        }
        throw new InvalidHandlerSettingsException(line(), what + " must be a list, not " + describe());
    }
}
