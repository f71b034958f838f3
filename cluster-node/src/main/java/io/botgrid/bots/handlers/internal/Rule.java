package io.botgrid.bots.handlers.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One rule of a rules bot: when the conversation is in {@code when} (or any state) and {@code pattern} is found in
 * the message, reply, set variables and move to {@code next}.
 *
 * @param line where the rule starts in the settings, for messages about it
 * @param pattern what to find in the message (a keyword becomes a case-insensitive whole-word pattern)
 * @param groupNames named groups of the pattern, usable as placeholders
 * @param when the conversation state the rule applies in, or empty for every state
 * @param reply the reply, or empty for none
 * @param set variables to set
 * @param next the state to move to, or empty to stay
 */
record Rule(int line, Pattern pattern, List<String> groupNames, Optional<String> when, Optional<Template> reply,
            Map<String, Template> set, Optional<String> next) {
}
