package com.example.cart;

import com.example.cart.proto.AddItem;
import com.example.cart.proto.Cart;
import com.example.cart.proto.CartCommand;
import com.example.cart.proto.GetCart;
import com.example.cart.proto.RemoveItem;
import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.bots.ActorCallException;
import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.InvalidHandlerSettingsException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A bot handler plugin from the same jar as the cart: a chat bot that keeps each user's shopping list in their cart
 * actor ("add apple 2", "remove apple", "list"), so the bot, the SDK and the CLI all see one cart. Bots use it with
 * {@code --handler shopping-list}; its settings are the greeting for anything else. A node finds it through
 * {@code META-INF/services/io.botgrid.bots.BotHandler}.
 *
 * <p>It calls the cart through {@link HandlerRequest#actors()}: commands and replies are the cart's own protobuf
 * messages as bytes, and each call carries an idempotency key made from the message, so a message handled again after
 * a failover adds nothing twice. The cart's own refusals ("quantity must be 1..99") are shown to the user as they are.
 * The last item added is kept as a session variable, to show how variables are set.
 */
public final class ShoppingListHandler implements BotHandler {
    static final String LAST_ADDED = "last-added";

    @Override
    public String name() {
        return "shopping-list";
    }

    @Override
    public ConfiguredHandler configure(String settings) {
        String greeting = settings.isBlank() ? "Say 'add apple 2', 'remove apple' or 'list'." : settings.strip();
        if (greeting.length() > 200) {
            throw new InvalidHandlerSettingsException(1, "the greeting may have at most 200 characters");
        }
        return request -> answer(request, greeting);
    }

    private static CompletionStage<HandlerResult> answer(HandlerRequest request, String greeting) {
        String[] words = request.message().text().strip().split("\\s+");
        String cart = request.session().userId(); // one cart per user, the same one the SDK and the CLI call
        if (words.length == 3 && words[0].equals("add") && words[2].matches("[0-9]{1,3}")) {
            CartCommand add = CartCommand.newBuilder().setAddItem(AddItem.newBuilder().setSku(words[1])
                    .setQuantity(Integer.parseInt(words[2]))).build();
            return ask(request, cart, add, items -> HandlerResult.builder().set(LAST_ADDED, words[1])
                    .reply("Added " + words[2] + " " + words[1] + ". Your cart: " + items).build());
        }
        if (words.length == 2 && words[0].equals("remove")) {
            CartCommand remove = CartCommand.newBuilder().setRemoveItem(RemoveItem.newBuilder().setSku(words[1]))
                    .build();
            return ask(request, cart, remove, items -> HandlerResult.reply("Removed " + words[1] + ". Your cart: "
                    + items));
        }
        if (words.length == 1 && words[0].equals("list")) {
            CartCommand get = CartCommand.newBuilder().setGet(GetCart.getDefaultInstance()).build();
            return ask(request, cart, get, items -> HandlerResult.reply("Your cart: " + items));
        }
        return CompletableFuture.completedFuture(HandlerResult.reply(greeting));
    }

    /** Sends {@code command} to the user's cart; the reply becomes {@code answer(items)}, a refusal its reason. */
    private static CompletionStage<HandlerResult> ask(HandlerRequest request, String cart, CartCommand command,
                                                      java.util.function.Function<String, HandlerResult> answer) {
        return request.actors().ask(CartBehavior.TYPE, cart, command.toByteArray()).handle((reply, error) -> {
            if (error == null) {
                return answer.apply(format(parse(reply).getItemsMap()));
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof ActorCallException failure && failure.code().equals("COMMAND_REJECTED")) {
                return HandlerResult.reply("Sorry: " + failure.getMessage() + ".");
            }
            // Anything else (the cluster busy, a timeout) fails the message: the session records it, no reply.
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    private static Cart parse(byte[] reply) {
        try {
            return Cart.parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the cart answered something that is not a Cart", e);
        }
    }

    /** {@code apple:2,pear:1}, sorted; "empty" for an empty cart. */
    static String format(Map<String, Integer> items) {
        if (items.isEmpty()) {
            return "empty";
        }
        StringBuilder b = new StringBuilder();
        new TreeMap<>(items).forEach((sku, n) -> b.append(b.length() == 0 ? "" : ",").append(sku).append(':')
                .append(n));
        return b.toString();
    }
}
