package io.botgrid.bots.platform;

import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRef;
import io.botgrid.proto.v1.BotStats;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.DisconnectChannelRequest;
import io.botgrid.proto.v1.GetHistoryRequest;
import io.botgrid.proto.v1.GetHistoryResponse;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.ListBotsResponse;
import io.botgrid.proto.v1.ListSessionsRequest;
import io.botgrid.proto.v1.ListSessionsResponse;
import io.botgrid.proto.v1.PartialReply;
import io.botgrid.proto.v1.Reply;
import io.botgrid.proto.v1.SendMessageRequest;
import io.botgrid.proto.v1.SendMessageResponse;
import io.botgrid.proto.v1.SessionRef;
import io.botgrid.proto.v1.UpdateBotRequest;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The bot platform as a node offers it to its fronts (gRPC services, CLI through the SDK): one place that validates
 * requests, talks to the Bot and Session actors and keeps the bot and session indexes, so that every front behaves
 * the same. Futures complete on the runtime's threads; they fail with {@link BotApiException} for bad requests and
 * with the runtime's {@link io.botgrid.actor.ActorException}s for cluster trouble.
 */
public interface BotsApi {

    CompletableFuture<Bot> createBot(CreateBotRequest request);

    CompletableFuture<Bot> getBot(String botId);

    CompletableFuture<ListBotsResponse> listBots(ListBotsRequest request);

    CompletableFuture<Bot> updateBot(UpdateBotRequest request);

    CompletableFuture<Bot> pauseBot(BotRef request);

    CompletableFuture<Bot> resumeBot(BotRef request);

    CompletableFuture<Bot> deleteBot(BotRef request);

    CompletableFuture<Bot> connectChannel(ConnectChannelRequest request);

    CompletableFuture<Bot> disconnectChannel(DisconnectChannelRequest request);

    CompletableFuture<BotStats> stats(String botId);

    CompletableFuture<SendMessageResponse> sendMessage(SendMessageRequest request);

    /**
     * Follows the replies of a session (platform "grpc") with {@code seq > afterSeq}: first those already persisted,
     * then new ones, in order, each once. {@code onCaughtUp} runs once, with the last seq delivered so far, after the
     * catch-up. Close the handle to stop; {@code onError} ends the subscription (e.g. the node stops).
     */
    Subscription followReplies(SessionRef session, long afterSeq, Consumer<Reply> onReply, Consumer<Long> onCaughtUp,
                               Consumer<Throwable> onError);

    /**
     * Follows the partial replies of a session (platform "grpc") that reach this node from now on: best effort, never
     * stored, never replayed (see {@link io.botgrid.bots.PartialReplies}). Close the handle to stop.
     */
    default Subscription followPartials(SessionRef session, Consumer<PartialReply> onPartial) {
        return () -> { };
    }

    CompletableFuture<GetHistoryResponse> history(GetHistoryRequest request);

    CompletableFuture<ListSessionsResponse> listSessions(ListSessionsRequest request);

    /** A live subscription; closing it is idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
