package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * A bot's checked rules, answering messages: the first rule that applies in the conversation's state wins, else the
 * fallback, else no reply.
 *
 * <p>Placeholders resolve in this order: {@code user}, {@code state}, {@code text}; then the matching rule's groups
 * (numbered or named; a group that did not take part renders empty); then variables set by the same rule; then the
 * session's variables; anything else renders empty.
 *
 * <p>Matching is bounded in time ({@link #MATCH_BUDGET}): a pattern that backtracks without end fails the message
 * instead of holding a handler thread.
 */
final class RuleSet implements ConfiguredHandler {
    /** How long matching one message against all rules may take before the message fails. */
    static final Duration MATCH_BUDGET = Duration.ofSeconds(1);

    private final List<Rule> rules;
    private final Optional<Template> fallback;
    private final long matchBudgetNanos;

    RuleSet(List<Rule> rules, Optional<Template> fallback) {
        this(rules, fallback, MATCH_BUDGET);
    }

    RuleSet(List<Rule> rules, Optional<Template> fallback, Duration matchBudget) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
        this.matchBudgetNanos = matchBudget.toNanos();
    }

    /** The same rules with another matching budget. */
    RuleSet withMatchBudget(Duration budget) {
        return new RuleSet(rules, fallback, budget);
    }

    List<Rule> rules() {
        return rules;
    }

    @Override
    public CompletionStage<HandlerResult> onMessage(HandlerRequest request) {
        try {
            return CompletableFuture.completedFuture(answer(request));
        } catch (BoundedText.TooSlowException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("rules: matching the message took longer"
                    + " than " + Duration.ofNanos(matchBudgetNanos) + "; a 'match' pattern backtracks too much", e));
        }
    }

    /** The result for one message, computed on the calling thread. */
    HandlerResult answer(HandlerRequest request) {
        String state = request.session().state();
        CharSequence text = BoundedText.of(request.message().text(), matchBudgetNanos);
        for (Rule rule : rules) {
            Optional<Matcher> m = rule.match(state, text);
            if (m.isPresent()) {
                return apply(rule, m.get(), request);
            }
        }
        return fallback.map(t -> render(t, builtIns(request), request.session().variables(), Map.of(), null, null))
                .filter(r -> !r.isBlank())
                .map(HandlerResult::reply)
                .orElse(HandlerResult.none());
    }

    private static HandlerResult apply(Rule rule, Matcher m, HandlerRequest request) {
        Function<String, String> builtIns = builtIns(request);
        Map<String, String> session = request.session().variables();
        Map<String, String> assigned = new LinkedHashMap<>();
        rule.set().forEach((name, t) -> assigned.put(name, render(t, builtIns, session, Map.of(), rule, m)));
        List<String> replies = rule.reply()
                .map(t -> render(t, builtIns, session, assigned, rule, m))
                .filter(r -> !r.isBlank())
                .map(List::of)
                .orElse(List.of());
        return new HandlerResult(replies, assigned, rule.gotoState());
    }

    private static Function<String, String> builtIns(HandlerRequest request) {
        return name -> switch (name) {
            case "user" -> request.message().userId();
            case "state" -> request.session().state();
            case "text" -> request.message().text();
            default -> null;
        };
    }

    private static String render(Template t, Function<String, String> builtIns, Map<String, String> session,
                                 Map<String, String> assigned, Rule rule, Matcher m) {
        return t.render(name -> {
            String builtIn = builtIns.apply(name);
            if (builtIn != null) {
                return builtIn;
            }
            String group = m == null ? null : group(rule, m, name);
            if (group != null) {
                return group;
            }
            String variable = assigned.get(name);
            return variable != null ? variable : session.get(name);
        });
    }

    /** The text of group {@code name} ("" when it did not take part), or null when the rule has no such group. */
    private static String group(Rule rule, Matcher m, String name) {
        if (Character.isDigit(name.charAt(0))) {
            int index = name.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(name);
            return index <= m.groupCount() ? emptyIfNull(m.group(index)) : null;
        }
        if (!rule.groupNames().contains(name)) {
            return null;
        }
        try {
            return emptyIfNull(m.group(name));
        } catch (IllegalArgumentException notAGroup) {
            return null; // "(?<name>" appeared in the regex without being a group, e.g. inside [...]
        }
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }
}
