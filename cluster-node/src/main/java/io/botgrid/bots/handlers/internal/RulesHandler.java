package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * The declarative handler: ordered rules (regex or keyword, optionally only in a named conversation state) with reply
 * templates, variables and state moves, and a fallback. The first rule that applies answers. Runs in microseconds,
 * on the calling thread.
 */
public final class RulesHandler implements BotHandler {
    @Override
    public String name() {
        return "rules";
    }

    @Override
    public ConfiguredHandler configure(String settings) {
        RulesParser.Rules rules = RulesParser.parse(settings);
        return request -> CompletableFuture.completedFuture(answer(rules, request));
    }

    static HandlerResult answer(RulesParser.Rules rules, HandlerRequest request) {
        String text = request.message().text();
        String state = request.session().state();
        Map<String, String> builtins = Map.of("user", request.message().userId(), "state", state, "text", text);
        Function<String, String> base = Template.chain(builtins, request.session().variables()::get);
        for (Rule rule : rules.rules()) {
            if (rule.when().isPresent() && !rule.when().get().equals(state)) {
                continue;
            }
            Matcher m = rule.pattern().matcher(text);
            if (!m.find()) {
                continue;
            }
            Function<String, String> withGroups = Template.chain(groups(rule, m), base);
            Map<String, String> set = new LinkedHashMap<>();
            rule.set().forEach((name, template) -> set.put(name, template.render(withGroups)));
            Function<String, String> lookup = Template.chain(groups(rule, m), Template.chain(set, base));
            List<String> replies = rule.reply().map(t -> List.of(t.render(lookup))).orElse(List.of());
            return new HandlerResult(replies, set, rule.next());
        }
        return rules.fallback().map(t -> new HandlerResult(List.of(t.render(base)), Map.of(), Optional.empty()))
                .orElse(HandlerResult.none());
    }

    private static Map<String, String> groups(Rule rule, Matcher m) {
        Map<String, String> groups = new LinkedHashMap<>();
        for (int i = 0; i <= m.groupCount(); i++) {
            groups.put(Integer.toString(i), m.group(i) == null ? "" : m.group(i));
        }
        for (String name : rule.groupNames()) {
            String value = m.group(name);
            groups.put(name, value == null ? "" : value);
        }
        return groups;
    }
}
