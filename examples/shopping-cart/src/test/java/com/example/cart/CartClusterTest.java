package com.example.cart;

import static com.example.cart.CartBehaviorTest.add;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.cart.proto.Cart;
import com.example.cart.proto.CartCommand;
import com.example.cart.proto.GetCart;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.CallOptions;
import io.botgrid.actor.CommandRejectedException;
import io.botgrid.actor.RejectionCode;
import io.botgrid.node.BotgridNode;
import io.botgrid.testkit.TestCluster;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Real nodes in this JVM: the cart keeps every acknowledged item when the node that owns it dies, and a
 * rejection reaches the caller with its code from whichever node owns the cart.
 */
class CartClusterTest {
    private static final ActorId ALICE = ActorId.of(CartBehavior.TYPE, "alice");

    @Test
    void cartSurvivesTheLossOfItsOwner() {
        // Three nodes: after a crash the two left are a majority. The survivor of two would be a minority,
        // which refuses reads and writes (majority fencing).
        try (TestCluster cluster = TestCluster.builder().nodes(3).actorTypes(CartTypes.actorTypes()).start()) {
            cluster.client().<Cart>ask(ALICE, add("apple", 2), CallOptions.DEFAULT.withIdempotencyKey("line-1"))
                    .join();
            cluster.client().<Cart>ask(ALICE, add("pear", 1)).join();
            // A retry with the same idempotency key applies once.
            cluster.client().<Cart>ask(ALICE, add("apple", 2), CallOptions.DEFAULT.withIdempotencyKey("line-1"))
                    .join();

            BotgridNode owner = cluster.ownerOf(ALICE).orElseThrow();
            int ownerIndex = IntStream.range(0, 3) // nodes are numbered from 0
                    .filter(i -> cluster.node(i).name().equals(owner.name())).findFirst().orElseThrow();
            cluster.killNode(ownerIndex);  // abrupt: nothing is handed over
            cluster.awaitStable();

            Cart cart = cluster.client().<Cart>ask(ALICE, get()).join();
            assertThat(cart.getItemsMap()).containsEntry("apple", 2).containsEntry("pear", 1);
            assertThat(cluster.ownerOf(ALICE).orElseThrow().name()).isNotEqualTo(owner.name());
        }
    }

    @Test
    void rejectionsReachTheCallerWithTheirCode() {
        try (TestCluster cluster = TestCluster.builder().nodes(2).actorTypes(CartTypes.actorTypes()).start()) {
            assertThatThrownBy(() -> cluster.client().<Cart>ask(ALICE, add("apple", 0)).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                        assertThat(e.rejectionCode()).isEqualTo(RejectionCode.INVALID_ARGUMENT);
                        assertThat(e.reason()).startsWith("quantity must be 1..99");
                    });
        }
    }

    private static CartCommand get() {
        return CartCommand.newBuilder().setGet(GetCart.getDefaultInstance()).build();
    }
}
