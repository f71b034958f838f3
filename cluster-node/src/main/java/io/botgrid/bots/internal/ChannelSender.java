package io.botgrid.bots.internal;

import io.botgrid.bots.PartialReplies;
import io.botgrid.channels.DeliveryResult;
import io.botgrid.proto.v1.ChannelRecord;
import io.botgrid.proto.v1.ReplyProduced;
import io.botgrid.proto.v1.ReplyTarget;
import java.util.concurrent.CompletableFuture;

/** Sends one reply through one kind of channel; the outbox decides about retries from the result. */
interface ChannelSender {
    /** Never fails: trouble is a {@link DeliveryResult.Retry} or a {@link DeliveryResult.Failed}. */
    CompletableFuture<DeliveryResult> send(ChannelRecord channel, SessionKey session, ReplyProduced reply);

    /**
     * The server a reply through {@code channel} goes to (a Web API's base, a webhook's scheme, host and port): the
     * outbox bounds the requests in flight to each one ({@link DeliveryLanes}).
     */
    String destination(ChannelRecord channel);

    /**
     * Where a handler shows reply {@code replyId} while it is produced, before {@link #send} delivers it: nowhere
     * unless the channel can edit a posted message.
     */
    default PartialReplies partials(ChannelRecord channel, ReplyTarget target, String replyId) {
        return PartialReplies.NONE;
    }
}
