package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerResult;
import java.util.concurrent.CompletableFuture;

/** Replies with the message's text: the smallest bot, for trying channels and the platform out. */
public final class EchoHandler implements BotHandler {
    @Override
    public String name() {
        return "echo";
    }

    @Override
    public ConfiguredHandler configure(String settings) {
        return request -> CompletableFuture.completedFuture(HandlerResult.reply(request.message().text()));
    }
}
