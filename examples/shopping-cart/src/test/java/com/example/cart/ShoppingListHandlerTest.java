package com.example.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.cart.proto.Cart;
import com.example.cart.proto.CartCommand;
import com.example.cart.proto.CartEvent;
import com.google.protobuf.InvalidProtocolBufferException;
import io.botgrid.actor.ActorId;
import io.botgrid.bots.ActorCallException;
import io.botgrid.bots.ActorCalls;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.IncomingText;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.SessionView;
import io.botgrid.testkit.BehaviorTestKit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The handler plugin as a function of a request, no node needed: its actor calls go to the real cart behaviour run by
 * the BehaviorTestKit (the cart's own decisions, refusals included).
 */
class ShoppingListHandlerTest {
    private final ConfiguredHandler handler = new ShoppingListHandler().configure("");
    private final BehaviorTestKit<CartCommand, CartEvent, Cart, Cart> alice =
            BehaviorTestKit.of(new CartBehavior(), ActorId.of(CartBehavior.TYPE, "alice"));
    private final List<String> called = new ArrayList<>();

    /** Calls to cart/alice run on the test kit; a refusal fails like it does in a node. */
    private final ActorCalls actors = (type, key, command) -> {
        called.add(type + "/" + key);
        BehaviorTestKit.Result<CartEvent, Cart, Cart> r;
        try {
            r = alice.runCommand(CartCommand.parseFrom(command));
        } catch (InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(e);
        }
        return r.rejection() != null
                ? CompletableFuture.failedFuture(new ActorCallException("COMMAND_REJECTED", r.rejection()))
                : CompletableFuture.completedFuture(r.reply().toByteArray());
    };

    private HandlerResult send(String text) {
        SessionView session = new SessionView("grpc", "default", "c1", "alice", "", Map.of(), List.of());
        IncomingText message = new IncomingText("m1", "alice", text, Instant.EPOCH);
        return handler.onMessage(new HandlerRequest("shop", session, message, actors)).toCompletableFuture().join();
    }

    @Test
    void addingPutsTheItemInTheUsersCartAndRemembersIt() {
        HandlerResult r = send("add apple 2");

        assertThat(r.replies()).containsExactly("Added 2 apple. Your cart: apple:2");
        assertThat(r.setVariables()).containsExactlyEntriesOf(Map.of(ShoppingListHandler.LAST_ADDED, "apple"));
        assertThat(called).containsExactly("cart/alice");
        assertThat(alice.state().getItemsMap()).containsExactlyEntriesOf(Map.of("apple", 2));
        assertThat(send("list").replies()).containsExactly("Your cart: apple:2");
        assertThat(send("remove apple").replies()).containsExactly("Removed apple. Your cart: empty");
    }

    @Test
    void theCartsRefusalIsShownAndAnythingElseGetsTheGreeting() {
        assertThat(send("add apple 0").replies()).containsExactly("Sorry: quantity must be 1..99 in total, got 0.");
        assertThat(send("remove pear").replies()).containsExactly("Sorry: no item pear in the cart.");
        assertThat(send("add apple lots").replies()).containsExactly("Say 'add apple 2', 'remove apple' or 'list'.");
        assertThat(alice.events()).isEmpty();
    }

    @Test
    void withoutActorCallsTheMessageFails() {
        SessionView session = new SessionView("grpc", "default", "c1", "alice", "", Map.of(), List.of());
        HandlerRequest noActors = new HandlerRequest("shop", session,
                new IncomingText("m1", "alice", "list", Instant.EPOCH));
        assertThatThrownBy(() -> handler.onMessage(noActors).toCompletableFuture().join())
                .hasRootCauseInstanceOf(ActorCallException.class);
    }

    @Test
    void aTooLongGreetingIsRefusedWithItsLine() {
        assertThatThrownBy(() -> new ShoppingListHandler().configure("x".repeat(201)))
                .isInstanceOf(InvalidHandlerSettingsException.class).hasMessageContaining("at most 200");
    }
}
