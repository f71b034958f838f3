package io.botgrid.bots;

import java.util.concurrent.CompletionStage;

/**
 * A handler bound to one bot's settings. Must not block the calling thread for long: return a future.
 *
 * <p>Why a future rather than a value: handlers that call out (a webhook, a model) would otherwise hold a session
 * thread for the length of a network round trip. A handler that throws, fails its future or does not complete in time
 * fails only the message being handled; the session actor counts and logs it and sends no reply.
 */
@FunctionalInterface
public interface ConfiguredHandler {
    /** Handles one message of a conversation; the returned stage must eventually complete. */
    CompletionStage<HandlerResult> onMessage(HandlerRequest request);
}
