package com.example.cart;

import com.example.cart.proto.AddItem;
import com.example.cart.proto.Cart;
import com.example.cart.proto.CartCommand;
import com.example.cart.proto.Checkout;
import com.example.cart.proto.GetCart;
import io.botgrid.client.BotgridClient;
import io.botgrid.client.CallSettings;

/**
 * Calls carts from outside the cluster through any node's gRPC front, with the Java SDK. The SDK gives every call
 * an idempotency key; pass your own (e.g. an order line id) so that a retry by your program applies once too.
 */
public final class CartClient implements AutoCloseable {
    private final BotgridClient client;

    /** @param endpoints gRPC addresses of one or more nodes, e.g. {@code 127.0.0.1:7070} */
    public CartClient(String... endpoints) {
        this.client = BotgridClient.builder().endpoints(endpoints).build();
    }

    public Cart add(String cartId, String sku, int quantity, String idempotencyKey) {
        CartCommand add = CartCommand.newBuilder()
                .setAddItem(AddItem.newBuilder().setSku(sku).setQuantity(quantity)).build();
        return client.actors().callBlocking(CartBehavior.TYPE, cartId, add, Cart.class,
                CallSettings.DEFAULT.withIdempotencyKey(idempotencyKey));
    }

    public Cart get(String cartId) {
        return client.actors().callBlocking(CartBehavior.TYPE, cartId,
                CartCommand.newBuilder().setGet(GetCart.getDefaultInstance()).build(), Cart.class);
    }

    public Cart checkout(String cartId) {
        return client.actors().callBlocking(CartBehavior.TYPE, cartId,
                CartCommand.newBuilder().setCheckout(Checkout.getDefaultInstance()).build(), Cart.class);
    }

    /** {@code CartClient HOST:PORT CART SKU QUANTITY}: adds the item and prints the cart. */
    public static void main(String[] args) {
        try (CartClient carts = new CartClient(args[0])) {
            Cart cart = carts.add(args[1], args[2], Integer.parseInt(args[3]), "cli-" + args[1] + "-" + args[2]);
            System.out.println(cart.getItemsMap());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
