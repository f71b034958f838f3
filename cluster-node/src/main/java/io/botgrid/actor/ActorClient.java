package io.botgrid.actor;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.concurrent.CompletableFuture;

/**
 * Calls actors from anywhere in the cluster. The call is routed to the node owning the actor (directly, without
 * serialisation, when that is this node), retried transparently while ownership moves, and applied at most once.
 * Futures never complete on the caller's thread pool: chain work with an executor of your own.
 */
public interface ActorClient {

    /**
     * Sends {@code command} to the actor and returns its reply.
     *
     * @param <R> the actor type's reply message type
     * @return completes with the reply, or exceptionally with an {@link ActorException}
     */
    <R extends Message> CompletableFuture<R> ask(ActorId id, Message command, CallOptions options);

    /** {@link #ask(ActorId, Message, CallOptions)} with {@link CallOptions#DEFAULT}. */
    default <R extends Message> CompletableFuture<R> ask(ActorId id, Message command) {
        return ask(id, command, CallOptions.DEFAULT);
    }

    /**
     * Sends a serialised command and returns the serialised reply: for adapters such as the gRPC front that carry
     * bytes. A command that does not parse fails with {@link MalformedCommandException}.
     */
    CompletableFuture<ByteString> askBytes(ActorId id, ByteString command, CallOptions options);
}
