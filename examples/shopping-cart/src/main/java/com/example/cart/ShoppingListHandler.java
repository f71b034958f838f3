package com.example.cart;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.InvalidHandlerSettingsException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A bot handler plugin from the same jar as the cart: a chat bot keeping a shopping list in its session variables
 * ("add apple 2", "list", "clear"). Bots use it with {@code --handler shopping-list}; its settings are the greeting
 * for anything else. A node finds it through {@code META-INF/services/io.botgrid.bots.BotHandler}.
 *
 * <p>It keeps the list in the session, not in a cart actor, because a handler cannot call actors yet.
 */
public final class ShoppingListHandler implements BotHandler {
    static final String LIST = "list";

    @Override
    public String name() {
        return "shopping-list";
    }

    @Override
    public ConfiguredHandler configure(String settings) {
        String greeting = settings.isBlank() ? "Say 'add apple 2', 'list' or 'clear'." : settings.strip();
        if (greeting.length() > 200) {
            throw new InvalidHandlerSettingsException(1, "the greeting may have at most 200 characters");
        }
        return request -> answer(request, greeting);
    }

    private static CompletionStage<HandlerResult> answer(HandlerRequest request, String greeting) {
        String[] words = request.message().text().strip().split("\\s+");
        Map<String, Integer> list = parse(request.session().variables().getOrDefault(LIST, ""));
        HandlerResult result;
        if (words.length == 3 && words[0].equals("add") && words[2].matches("[1-9][0-9]?")) {
            list.merge(words[1], Integer.parseInt(words[2]), Integer::sum);
            result = HandlerResult.builder().set(LIST, format(list)).reply("Added " + words[2] + " " + words[1] + ".")
                    .build();
        } else if (words.length == 1 && words[0].equals("list")) {
            result = HandlerResult.reply(list.isEmpty() ? "The list is empty." : format(list));
        } else if (words.length == 1 && words[0].equals("clear")) {
            result = HandlerResult.builder().set(LIST, "").reply("Cleared.").build();
        } else {
            result = HandlerResult.reply(greeting);
        }
        return CompletableFuture.completedFuture(result);
    }

    /** {@code apple:2,pear:1} to a sorted map. */
    static Map<String, Integer> parse(String text) {
        Map<String, Integer> list = new TreeMap<>();
        for (String item : text.split(",")) {
            int colon = item.lastIndexOf(':');
            if (colon > 0) {
                list.put(item.substring(0, colon), Integer.parseInt(item.substring(colon + 1)));
            }
        }
        return list;
    }

    static String format(Map<String, Integer> list) {
        StringBuilder b = new StringBuilder();
        list.forEach((sku, n) -> b.append(b.length() == 0 ? "" : ",").append(sku).append(':').append(n));
        return b.toString();
    }
}
