package com.example.cart;

import com.example.cart.proto.AddItem;
import com.example.cart.proto.Cart;
import com.example.cart.proto.CartCommand;
import com.example.cart.proto.CartEvent;
import com.example.cart.proto.CheckedOut;
import com.example.cart.proto.ItemAdded;
import com.example.cart.proto.ItemRemoved;
import com.google.protobuf.Parser;
import io.botgrid.actor.ActorContext;
import io.botgrid.actor.ActorId;
import io.botgrid.actor.Effect;
import io.botgrid.actor.EventSourcedBehavior;
import io.botgrid.actor.RejectionCode;
import io.botgrid.actor.SnapshotCodec;

/**
 * A shopping cart as an event-sourced actor, one per key (e.g. the customer's id). Adding and removing items and
 * checking out persist events; the reply is always the cart after the command. A checked-out cart refuses changes,
 * and bad input is refused with a code the caller can act on, both without persisting anything.
 */
public final class CartBehavior implements EventSourcedBehavior<CartCommand, CartEvent, Cart, Cart> {
    /** The actor type name the cart is registered under. */
    public static final String TYPE = "cart";
    /** Most units of one SKU a cart holds. */
    static final int MAX_QUANTITY = 99;

    @Override
    public Parser<CartCommand> commandParser() {
        return CartCommand.parser();
    }

    @Override
    public Parser<CartEvent> eventParser() {
        return CartEvent.parser();
    }

    @Override
    public Parser<Cart> replyParser() {
        return Cart.parser();
    }

    @Override
    public Cart emptyState(ActorId id) {
        return Cart.getDefaultInstance();
    }

    @Override
    public Effect<CartEvent, Cart, Cart> handle(Cart cart, CartCommand command, ActorContext<CartCommand> context) {
        switch (command.getCommandCase()) {
            case GET:
                return Effect.reply(cart);
            case ADD_ITEM: {
                AddItem add = command.getAddItem();
                if (cart.getCheckedOut()) {
                    return Effect.reject(RejectionCode.FAILED_PRECONDITION, "the cart is checked out");
                }
                if (add.getSku().isBlank()) {
                    return Effect.reject(RejectionCode.INVALID_ARGUMENT, "sku is required");
                }
                int total = cart.getItemsOrDefault(add.getSku(), 0) + add.getQuantity();
                if (add.getQuantity() <= 0 || total > MAX_QUANTITY) {
                    return Effect.reject(RejectionCode.INVALID_ARGUMENT, "quantity must be 1.." + MAX_QUANTITY
                            + " in total, got " + add.getQuantity());
                }
                return Effect.persist(event(ItemAdded.newBuilder().setSku(add.getSku())
                        .setQuantity(add.getQuantity()).build())).thenReply(c -> c);
            }
            case REMOVE_ITEM: {
                String sku = command.getRemoveItem().getSku();
                if (cart.getCheckedOut()) {
                    return Effect.reject(RejectionCode.FAILED_PRECONDITION, "the cart is checked out");
                }
                if (!cart.containsItems(sku)) {
                    return Effect.reject(RejectionCode.NOT_FOUND, "no item " + sku + " in the cart");
                }
                return Effect.persist(event(ItemRemoved.newBuilder().setSku(sku).build())).thenReply(c -> c);
            }
            case CHECKOUT:
                if (cart.getCheckedOut()) {
                    return Effect.reply(cart); // checking out twice is harmless: same answer, nothing stored
                }
                if (cart.getItemsCount() == 0) {
                    return Effect.reject(RejectionCode.FAILED_PRECONDITION, "an empty cart cannot be checked out");
                }
                return Effect.persist(event(CheckedOut.newBuilder()
                        .setAtMillis(context.clock().millis()).build())).thenReply(c -> c);
            default:
                return Effect.reject(RejectionCode.INVALID_ARGUMENT, "no command given");
        }
    }

    @Override
    public Cart apply(Cart cart, CartEvent event) {
        switch (event.getEventCase()) {
            case ITEM_ADDED: {
                ItemAdded added = event.getItemAdded();
                return cart.toBuilder().putItems(added.getSku(),
                        cart.getItemsOrDefault(added.getSku(), 0) + added.getQuantity()).build();
            }
            case ITEM_REMOVED:
                return cart.toBuilder().removeItems(event.getItemRemoved().getSku()).build();
            case CHECKED_OUT:
                return cart.toBuilder().setCheckedOut(true).build();
            default:
                return cart; // an event of a newer version this code does not know: keep the state
        }
    }

    /** The state is a Protobuf message, so a snapshot is its bytes. */
    @Override
    public SnapshotCodec<Cart> snapshotCodec() {
        return SnapshotCodec.protobuf(Cart.parser());
    }

    private static CartEvent event(ItemAdded e) {
        return CartEvent.newBuilder().setItemAdded(e).build();
    }

    private static CartEvent event(ItemRemoved e) {
        return CartEvent.newBuilder().setItemRemoved(e).build();
    }

    private static CartEvent event(CheckedOut e) {
        return CartEvent.newBuilder().setCheckedOut(e).build();
    }
}
