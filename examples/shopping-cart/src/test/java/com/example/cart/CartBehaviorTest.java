package com.example.cart;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.cart.proto.AddItem;
import com.example.cart.proto.Cart;
import com.example.cart.proto.CartCommand;
import com.example.cart.proto.CartEvent;
import com.example.cart.proto.Checkout;
import com.example.cart.proto.RemoveItem;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.RejectionCode;
import io.botgrid.testkit.BehaviorTestKit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The cart's decisions, without a cluster: BehaviorTestKit runs the runtime's own turn logic. */
class CartBehaviorTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private final BehaviorTestKit<CartCommand, CartEvent, Cart, Cart> kit =
            BehaviorTestKit.of(new CartBehavior(), ActorId.of(CartBehavior.TYPE, "alice"), clock);

    @Test
    void addingPersistsAnEventAndRepliesWithTheCart() {
        BehaviorTestKit.Result<CartEvent, Cart, Cart> result = kit.runCommand(add("apple", 2));

        assertThat(result.events()).hasSize(1);
        assertThat(result.events().get(0).getItemAdded().getQuantity()).isEqualTo(2);
        assertThat(result.reply().getItemsMap()).containsEntry("apple", 2);
        assertThat(kit.runCommand(add("apple", 3)).reply().getItemsMap()).containsEntry("apple", 5);
    }

    @Test
    void aRejectionPersistsNothingAndCarriesItsCode() {
        kit.runCommand(add("apple", 1));

        BehaviorTestKit.Result<CartEvent, Cart, Cart> result = kit.runCommand(remove("pear"));

        // On a rejection the kit returns no events, no reply, the unchanged state, the reason and the code.
        assertThat(result.events()).isEmpty();
        assertThat(result.reply()).isNull();
        assertThat(result.rejectionCode()).isEqualTo(RejectionCode.NOT_FOUND);
        assertThat(result.rejection()).isEqualTo("no item pear in the cart");
        assertThat(result.state().getItemsMap()).containsExactlyEntriesOf(java.util.Map.of("apple", 1));
        assertThat(kit.runCommand(add("apple", 0)).rejectionCode()).isEqualTo(RejectionCode.INVALID_ARGUMENT);
        assertThat(kit.runCommand(add("apple", 99)).rejectionCode()).isEqualTo(RejectionCode.INVALID_ARGUMENT);
    }

    @Test
    void aCheckedOutCartRefusesChangesAndAnEmptyOneCannotCheckOut() {
        assertThat(kit.runCommand(checkout()).rejectionCode()).isEqualTo(RejectionCode.FAILED_PRECONDITION);
        kit.runCommand(add("apple", 1));

        BehaviorTestKit.Result<CartEvent, Cart, Cart> done = kit.runCommand(checkout());

        assertThat(done.events().get(0).getCheckedOut().getAtMillis()).isEqualTo(clock.millis());
        assertThat(done.reply().getCheckedOut()).isTrue();
        assertThat(kit.runCommand(add("pear", 1)).rejectionCode()).isEqualTo(RejectionCode.FAILED_PRECONDITION);
        assertThat(kit.runCommand(checkout()).events()).as("a second checkout stores nothing").isEmpty();
    }

    @Test
    void stateSurvivesReplayAndSnapshot() {
        kit.runCommand(add("apple", 2));
        kit.runCommand(add("pear", 1));
        kit.runCommand(remove("apple"));
        kit.runCommand(checkout());

        Cart replayed = kit.restart();               // folded again from the stored event bytes
        Cart fromSnapshot = kit.restartFromSnapshot(); // through the snapshot codec

        assertThat(replayed.getItemsMap()).containsExactlyEntriesOf(java.util.Map.of("pear", 1));
        assertThat(replayed.getCheckedOut()).isTrue();
        assertThat(fromSnapshot).isEqualTo(replayed);
    }

    static CartCommand add(String sku, int quantity) {
        return CartCommand.newBuilder().setAddItem(AddItem.newBuilder().setSku(sku).setQuantity(quantity)).build();
    }

    static CartCommand remove(String sku) {
        return CartCommand.newBuilder().setRemoveItem(RemoveItem.newBuilder().setSku(sku)).build();
    }

    static CartCommand checkout() {
        return CartCommand.newBuilder().setCheckout(Checkout.getDefaultInstance()).build();
    }
}
