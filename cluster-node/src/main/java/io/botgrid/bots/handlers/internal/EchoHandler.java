package io.botgrid.bots.handlers.internal;

import io.botgrid.bots.BotHandler;
import io.botgrid.bots.ConfiguredHandler;
import io.botgrid.bots.HandlerResult;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code echo} handler: replies with the user's text. It exists to try a channel end to end before any real
 * behaviour is written. It takes no settings; blank settings or an empty mapping are accepted, anything else is
 * refused so that a bot meant for another handler is not silently turned into an echo.
 */
public final class EchoHandler implements BotHandler {
    private static final ConfiguredHandler ECHO = request -> CompletableFuture.completedFuture(
            request.message().text().isBlank() ? HandlerResult.none() : HandlerResult.reply(request.message().text()));

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public ConfiguredHandler configure(String settings) {
        SettingsReader.read(settings).ifPresent(root -> root.asMap("echo settings")
                .requireOnly(java.util.Set.of(), "echo settings (echo takes none)"));
        return ECHO;
    }
}
