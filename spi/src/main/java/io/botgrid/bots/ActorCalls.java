package io.botgrid.bots;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Calls from a bot handler to the cluster's actors: a bot that keeps a cart, an order or a ticket in an actor of its
 * own asks that actor instead of packing everything into session variables.
 *
 * <p>Why bytes: the SPI jar depends on nothing, and the commands and replies are the called type's own protobuf
 * messages, which the handler's jar already has ({@code CartCommand.newBuilder()…build().toByteArray()} in,
 * {@code Cart.parseFrom(reply)} out).
 *
 * <p>Why every call carries an idempotency key derived from the message: the session may run a handler again for the
 * same message (after a failover, before the answer was stored). The n-th call of a handling gets the same key each
 * time, so the actor applies it once and answers a repeat with the first reply. Calls are therefore numbered in the
 * order the handler makes them; a handler that calls actors must make the same calls in the same order for the same
 * message.
 *
 * <p>A handler may not call the {@code bot} and {@code session} actors: its own session waits for it and would never
 * answer. Failures complete the stage with {@link ActorCallException}.
 */
public interface ActorCalls {

    /**
     * Sends a serialised command to actor {@code type}/{@code key}; completes with its serialised reply, or
     * exceptionally with {@link ActorCallException} (rejected, unknown type, bad key, unavailable, timed out).
     */
    CompletionStage<byte[]> ask(String type, String key, byte[] command);

    /** For handlers run outside a node (unit tests): every call fails, saying why. */
    static ActorCalls unavailable() {
        return (type, key, command) -> CompletableFuture.failedFuture(new ActorCallException("UNAVAILABLE",
                "this handler request has no actor calls: build the HandlerRequest with an ActorCalls"));
    }
}
