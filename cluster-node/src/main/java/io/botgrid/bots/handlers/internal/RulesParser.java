package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.handlers.internal.SettingsReader.Located;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns rules settings into {@link Rule}s, refusing with the line and the reason anything that could not work: so a
 * bot with broken rules is refused when it is created, not silent when it is talked to.
 */
final class RulesParser {
    private static final Set<String> TOP = Set.of("rules", "fallback");
    private static final Set<String> RULE = Set.of("match", "keyword", "reply", "set", "goto", "when");
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z0-9_]{1,64}");
    static final int MAX_RULES = 500;

    /** The parsed settings. */
    record Rules(List<Rule> rules, Optional<Template> fallback) {
    }

    private RulesParser() {
    }

    static Rules parse(String settings) {
        Located root = SettingsReader.read(settings);
        Map<String, Located> top = root.map("the rules settings");
        SettingsReader.onlyKeys(top, "the rules settings", TOP);
        Located rulesNode = top.get("rules");
        if (rulesNode == null) {
            throw new InvalidHandlerSettingsException(root.line(), "'rules' is required: a list of rules");
        }
        List<Located> items = rulesNode.list("'rules'");
        if (items.size() > MAX_RULES) {
            throw new InvalidHandlerSettingsException(rulesNode.line(), items.size() + " rules, the maximum is "
                    + MAX_RULES);
        }
        List<Rule> rules = new ArrayList<>();
        for (Located item : items) {
            rules.add(rule(item));
        }
        Located fallback = top.get("fallback");
        return new Rules(rules, fallback == null ? Optional.empty()
                : Optional.of(new Template(fallback.text("'fallback'"))));
    }

    private static Rule rule(Located item) {
        Map<String, Located> r = item.map("a rule");
        int line = item.line();
        SettingsReader.onlyKeys(r, "a rule", RULE);
        Located match = r.get("match");
        Located keyword = r.get("keyword");
        if ((match == null) == (keyword == null)) {
            throw new InvalidHandlerSettingsException(line, "a rule needs exactly one of 'match' (a regular "
                    + "expression) or 'keyword'");
        }
        Pattern pattern;
        List<String> names = new ArrayList<>();
        if (match != null) {
            String regex = match.text("'match'");
            if (regex.isEmpty()) {
                throw new InvalidHandlerSettingsException(match.line(), "'match' must not be empty");
            }
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new InvalidHandlerSettingsException(match.line(), "invalid regular expression '" + regex
                        + "': " + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            }
            Matcher m = GROUP_NAME.matcher(regex);
            while (m.find()) {
                names.add(m.group(1));
            }
        } else {
            String word = keyword.text("'keyword'").strip();
            if (word.isEmpty()) {
                throw new InvalidHandlerSettingsException(keyword.line(), "'keyword' must not be empty");
            }
            pattern = Pattern.compile("(?<![\\p{L}\\p{N}_])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}_])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
        Optional<Template> reply = Optional.ofNullable(r.get("reply")).map(v -> new Template(v.text("'reply'")));
        Map<String, Template> set = new LinkedHashMap<>();
        Located setNode = r.get("set");
        if (setNode != null) {
            for (Map.Entry<String, Located> e : setNode.map("'set'").entrySet()) {
                if (!VARIABLE.matcher(e.getKey()).matches()) {
                    throw new InvalidHandlerSettingsException(e.getValue().line(), "variable name '" + e.getKey()
                            + "' must be 1-64 characters of [A-Za-z0-9_]");
                }
                set.put(e.getKey(), new Template(e.getValue().text("variable '" + e.getKey() + "'")));
            }
        }
        Optional<String> next = Optional.ofNullable(r.get("goto")).map(v -> v.text("'goto'"));
        Optional<String> when = Optional.ofNullable(r.get("when")).map(v -> v.text("'when'"));
        if (reply.isEmpty() && set.isEmpty() && next.isEmpty()) {
            throw new InvalidHandlerSettingsException(line, "a rule must do something: give 'reply', 'set' or "
                    + "'goto'");
        }
        return new Rule(line, pattern, List.copyOf(names), when, reply, Map.copyOf(set), next);
    }
}
