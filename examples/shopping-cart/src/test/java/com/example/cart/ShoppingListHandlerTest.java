package com.example.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerRequest;
import io.botgrid.bots.HandlerResult;
import io.botgrid.bots.IncomingText;
import io.botgrid.bots.InvalidHandlerSettingsException;
import io.botgrid.bots.SessionView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The handler plugin as a plain function of a request: no node needed. */
class ShoppingListHandlerTest {
    private final ConfiguredHandler handler = new ShoppingListHandler().configure("");

    private HandlerResult send(String text, Map<String, String> variables) {
        SessionView session = new SessionView("grpc", "default", "c1", "alice", "", variables, List.of());
        IncomingText message = new IncomingText("m1", "alice", text, Instant.EPOCH);
        return handler.onMessage(new HandlerRequest("shop", session, message)).toCompletableFuture().join();
    }

    @Test
    void addingSetsTheListVariableAndReplies() {
        HandlerResult r = send("add apple 2", Map.of(ShoppingListHandler.LIST, "apple:1,pear:3"));

        assertThat(r).isEqualTo(new HandlerResult(List.of("Added 2 apple."),
                Map.of(ShoppingListHandler.LIST, "apple:3,pear:3"), Optional.empty()));
    }

    @Test
    void listAndAnythingElseOnlyReply() {
        assertThat(send("list", Map.of(ShoppingListHandler.LIST, "pear:1")).replies()).containsExactly("pear:1");
        assertThat(send("list", Map.of()).replies()).containsExactly("The list is empty.");
        HandlerResult other = send("add apple lots", Map.of());
        assertThat(other.replies()).containsExactly("Say 'add apple 2', 'list' or 'clear'.");
        assertThat(other.setVariables()).isEmpty();
    }

    @Test
    void aTooLongGreetingIsRefusedWithItsLine() {
        assertThatThrownBy(() -> new ShoppingListHandler().configure("x".repeat(201)))
                .isInstanceOf(InvalidHandlerSettingsException.class).hasMessageContaining("at most 200");
    }
}
