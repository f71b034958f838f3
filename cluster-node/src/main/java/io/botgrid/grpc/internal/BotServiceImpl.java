package io.botgrid.grpc.internal;

import io.botgrid.proto.v1.Bot;
import io.botgrid.proto.v1.BotRef;
import io.botgrid.proto.v1.BotServiceGrpc;
import io.botgrid.proto.v1.BotStats;
import io.botgrid.proto.v1.ConnectChannelRequest;
import io.botgrid.proto.v1.CreateBotRequest;
import io.botgrid.proto.v1.DisconnectChannelRequest;
import io.botgrid.proto.v1.GetBotRequest;
import io.botgrid.proto.v1.ListBotsRequest;
import io.botgrid.proto.v1.ListBotsResponse;
import io.botgrid.proto.v1.UpdateBotRequest;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/**
 * {@code botgrid.v1.BotService}: a thin front over the node's bot platform, which validates every request, so that
 * the gRPC front, the HTTP endpoint and any later front refuse the same things with the same words. This class only
 * routes calls and turns outcomes into statuses.
 */
public final class BotServiceImpl extends BotServiceGrpc.BotServiceImplBase {
    private final PlatformLookup platform;
    private final Executor callbacks;

    BotServiceImpl(PlatformLookup platform, Executor callbacks) {
        this.platform = platform;
        this.callbacks = callbacks;
    }

    @Override
    public void createBot(CreateBotRequest request, StreamObserver<Bot> responses) {
        UnaryAnswer.answer("CreateBot", () -> platform.api().createBot(request), responses, callbacks);
    }

    @Override
    public void getBot(GetBotRequest request, StreamObserver<Bot> responses) {
        UnaryAnswer.answer("GetBot", () -> platform.api().getBot(request.getBotId()), responses, callbacks);
    }

    @Override
    public void listBots(ListBotsRequest request, StreamObserver<ListBotsResponse> responses) {
        UnaryAnswer.answer("ListBots", () -> platform.api().listBots(request), responses, callbacks);
    }

    @Override
    public void updateBot(UpdateBotRequest request, StreamObserver<Bot> responses) {
        UnaryAnswer.answer("UpdateBot", () -> platform.api().updateBot(request), responses, callbacks);
    }

    @Override
    public void pauseBot(BotRef request, StreamObserver<Bot> responses) {
        UnaryAnswer.answer("PauseBot", () -> platform.api().pauseBot(request), responses, callbacks);
    }

    @Override
    public void resumeBot(BotRef request, StreamObserver<Bot> responses) {
        UnaryAnswer.answer("ResumeBot", () -> platform.api().resumeBot(request), responses, callbacks);
    }

    @Override
    public void deleteBot(BotRef request, StreamObserver<Bot> responses) {
        UnaryAnswer.answer("DeleteBot", () -> platform.api().deleteBot(request), responses, callbacks);
    }

    @Override
    public void connectChannel(ConnectChannelRequest request, StreamObserver<Bot> responses) {
        UnaryAnswer.answer("ConnectChannel", () -> platform.api().connectChannel(request), responses, callbacks);
    }

    @Override
    public void disconnectChannel(DisconnectChannelRequest request, StreamObserver<Bot> responses) {
        UnaryAnswer.answer("DisconnectChannel", () -> platform.api().disconnectChannel(request), responses,
                callbacks);
    }

    @Override
    public void getBotStats(GetBotRequest request, StreamObserver<BotStats> responses) {
        UnaryAnswer.answer("GetBotStats", () -> platform.api().stats(request.getBotId()), responses, callbacks);
    }
}
