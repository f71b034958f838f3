package io.botgrid.bots.handlers.internal;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply or variable template of the rules handler: text with {@code {name}} placeholders. A name is looked up by
 * the caller (captured groups, variables, built-ins); an unknown one renders empty, so a template never fails at
 * message time.
 */
record Template(String text) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    String render(Function<String, String> lookup) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = lookup.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        return m.appendTail(out).toString();
    }

    static Function<String, String> chain(Map<String, String> first, Function<String, String> then) {
        return name -> first.containsKey(name) ? first.get(name) : then.apply(name);
    }
}
