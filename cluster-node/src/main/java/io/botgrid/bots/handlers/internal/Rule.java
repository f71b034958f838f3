package io.botgrid.bots.handlers.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One checked rule of the rules handler: when it applies (state and pattern) and what it does (reply, variables,
 * next state). Built only by {@link RulesParser}, so every instance is valid.
 *
 * @param line where the rule starts in the settings, for diagnostics
 * @param pattern compiled {@code match} regex, or the word pattern of a {@code keyword}
 * @param groupNames names of the pattern's named groups
 * @param when the state the rule is limited to, or empty for any state
 * @param reply the reply template, or empty for none
 * @param set variables to set, name to template, in settings order
 * @param gotoState the state to move to, or empty to stay
 */
record Rule(int line, Pattern pattern, Set<String> groupNames, Optional<String> when, Optional<Template> reply,
            Map<String, Template> set, Optional<String> gotoState) {
    Rule {
        groupNames = Set.copyOf(groupNames);
        set = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(set));
    }

    /** A matcher positioned on the first match in {@code text}, or empty when the rule does not apply. */
    Optional<Matcher> match(String state, CharSequence text) {
        if (when.isPresent() && !when.get().equals(state)) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m) : Optional.empty();
    }
}
