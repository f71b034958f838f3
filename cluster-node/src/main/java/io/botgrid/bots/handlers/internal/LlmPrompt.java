package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.SessionView;
import io.botgrid.bots.Turn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The messages one model call sends: the rendered system prompt, as many of the session's recent turns as fit in
 * {@code context_tokens} (the newest kept, sent oldest first), and the message being answered.
 *
 * <p>Why trimmed here, by counted tokens: a service refuses a prompt longer than its context window outright, and a
 * long conversation would otherwise fail every later message; dropping the oldest turns keeps the bot answering with
 * the most relevant context. The session records the message before its handler runs, so its newest turn is usually
 * the message itself: that turn is dropped (same text, from the user), so the model never sees the message twice.
 *
 * <p>System prompt placeholders: {@code {user}} (an alias of {@code {user_id}}), {@code {state}}, {@code {platform}},
 * {@code {team}}, {@code {conversation}}, {@code {bot_id}}, and any session variable by name; unknown ones render
 * empty.
 */
final class LlmPrompt {
    /** One chat message: {@code role} is {@code system}, {@code user} or {@code assistant}. */
    record Message(String role, String text) {
        Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
        }
    }

    /** The messages, in order, and their token count as counted here. */
    record Built(List<Message> messages, int tokens, int turnsKept, int turnsDropped) {
        Built {
            messages = List.copyOf(messages);
        }
    }

    private final Template system;
    private final int contextTokens;
    private final LlmTokens tokens;

    LlmPrompt(String systemPrompt, int contextTokens, LlmTokens tokens) {
        this.system = Template.parse(systemPrompt);
        this.contextTokens = contextTokens;
        this.tokens = tokens;
    }

    /**
     * The prompt for {@code request}. The system message and the message being answered are always sent, even when
     * they alone are above the bound: without them there is nothing to answer.
     */
    Built build(HandlerRequest request) {
        String current = request.message().text();
        String systemText = system.isEmpty() ? "" : system.render(name -> variable(request, name));
        int used = tokens.message(current) + (systemText.isEmpty() ? 0 : tokens.message(systemText));
        List<Turn> history = new ArrayList<>(request.session().recentTurns());
        if (!history.isEmpty()) {
            Turn newest = history.get(history.size() - 1);
            if (newest.role() == Turn.Role.USER && newest.text().equals(current)) {
                history.remove(history.size() - 1); // the message itself, already recorded by the session
            }
        }
        Deque<Message> kept = new ArrayDeque<>();
        int dropped = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            Turn t = history.get(i);
            int cost = tokens.message(t.text());
            if (used + cost > contextTokens) {
                dropped = i + 1; // this one and every older one
                break;
            }
            used += cost;
            kept.addFirst(new Message(t.role() == Turn.Role.USER ? "user" : "assistant", t.text()));
        }
        List<Message> messages = new ArrayList<>(kept.size() + 2);
        if (!systemText.isEmpty()) {
            messages.add(new Message("system", systemText));
        }
        messages.addAll(kept);
        messages.add(new Message("user", current));
        return new Built(messages, used, kept.size(), dropped);
    }

    private static String variable(HandlerRequest request, String name) {
        SessionView s = request.session();
        return switch (name) {
            case "user", "user_id" -> request.message().userId();
            case "state" -> s.state();
            case "platform" -> s.platform();
            case "team" -> s.team();
            case "conversation" -> s.conversation();
            case "bot_id" -> request.botId();
            default -> s.variables().get(name);
        };
    }
}
