package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.SettingsNode.Field;
import io.botgrid.bots.handlers.internal.SettingsNode.MapNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns rules settings into a {@link RuleSet}, refusing anything doubtful with the line of the offending rule or key:
 * a rule set that half works is worse than one that is refused while its author is looking.
 */
final class RulesParser {
    private static final Set<String> TOP_KEYS = Set.of("rules", "fallback");
    private static final Set<String> RULE_KEYS = Set.of("match", "keyword", "reply", "set", "goto", "when");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** Candidate named groups; a false candidate (e.g. inside [...]) is tolerated when rendering. */
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private RulesParser() {
    }

    /** Parses and checks the settings text of a rules bot. */
    static RuleSet parse(String settings) {
        MapNode root = SettingsReader.read(settings)
                .orElseThrow(() -> new InvalidHandlerSettingsException(0,
                        "rules settings are empty: expected a 'rules' list"))
                .asMap("rules settings");
        root.requireOnly(TOP_KEYS, "rules settings");
        Field rulesField = root.field("rules").orElseThrow(() -> new InvalidHandlerSettingsException(root.line(),
                "missing key 'rules' (a list of rules)"));
        List<SettingsNode> items = rulesField.value().asList("'rules'").items();
        List<Rule> rules = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            rules.add(rule(i + 1, items.get(i)));
        }
        Optional<Template> fallback = root.field("fallback")
                .map(f -> f.value().asText("'fallback'"))
                .filter(text -> !text.isEmpty())
                .map(Template::parse);
        return new RuleSet(rules, fallback);
    }

    private static Rule rule(int index, SettingsNode node) {
        String where = "rule " + index;
        MapNode rule = node.asMap(where);
        rule.requireOnly(RULE_KEYS, where);
        Optional<Field> match = rule.field("match");
        Optional<Field> keyword = rule.field("keyword");
        if (match.isPresent() && keyword.isPresent()) {
            throw new InvalidHandlerSettingsException(rule.line(), where + " has both 'match' and 'keyword'; use one");
        }
        if (match.isEmpty() && keyword.isEmpty()) {
            throw new InvalidHandlerSettingsException(rule.line(),
                    where + " needs 'match' (a regular expression) or 'keyword'");
        }
        Pattern pattern = match.isPresent() ? regex(where, match.get()) : keyword(where, keyword.get());
        Optional<String> when = rule.field("when").map(f -> f.value().asText(where + ": 'when'"));
        Optional<String> gotoState = rule.field("goto").map(f -> f.value().asText(where + ": 'goto'"));
        Map<String, Template> set = rule.field("set").map(f -> variables(where, f)).orElse(Map.of());
        Optional<Template> reply = rule.field("reply")
                .map(f -> f.value().asText(where + ": 'reply'"))
                .filter(text -> !text.isEmpty())
                .map(Template::parse);
        if (reply.isEmpty() && set.isEmpty() && gotoState.isEmpty()) {
            throw new InvalidHandlerSettingsException(rule.line(),
                    where + " does nothing: it needs a non-empty 'reply', or 'set' or 'goto'");
        }
        return new Rule(rule.line(), pattern, groupNames(pattern), when, reply, set, gotoState);
    }

    private static Pattern regex(String where, Field field) {
        String regex = field.value().asText(where + ": 'match'");
        if (regex.isEmpty()) {
            throw new InvalidHandlerSettingsException(field.value().line(),
                    where + ": 'match' is empty (use \".*\" to match anything)");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            String near = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
            throw new InvalidHandlerSettingsException(field.value().line(),
                    where + ": invalid regular expression '" + regex + "': " + e.getDescription() + near, e);
        }
    }

    /** A case-insensitive whole-word match: not preceded or followed by a letter, digit or underscore. */
    private static Pattern keyword(String where, Field field) {
        String word = field.value().asText(where + ": 'keyword'").strip();
        if (word.isEmpty()) {
            throw new InvalidHandlerSettingsException(field.value().line(), where + ": 'keyword' is empty");
        }
        return Pattern.compile("(?<!\\w)" + Pattern.quote(word) + "(?!\\w)",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    }

    private static Map<String, Template> variables(String where, Field field) {
        MapNode set = field.value().asMap(where + ": 'set'");
        Map<String, Template> out = new LinkedHashMap<>();
        for (Field f : set.fields().values()) {
            if (!VARIABLE_NAME.matcher(f.key()).matches()) {
                throw new InvalidHandlerSettingsException(f.keyLine(), where + ": variable name '" + f.key()
                        + "' must start with a letter or '_' and contain only letters, digits, '_', '.', '-'");
            }
            out.put(f.key(), Template.parse(f.value().asText(where + ": variable '" + f.key() + "'")));
        }
        return out;
    }

    private static Set<String> groupNames(Pattern pattern) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAMED_GROUP.matcher(pattern.pattern());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
