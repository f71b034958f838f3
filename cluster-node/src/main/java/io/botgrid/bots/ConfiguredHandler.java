package io.botgrid.bots;

import java.util.concurrent.CompletionStage;

/**
 * A handler bound to one bot's settings. It runs on a pool of the node's, not on the actor runtime's threads, but
 * should still not block for long: return a future for work that waits on I/O. A handler that throws, fails its
 * future or does not answer within the node's handler timeout fails only that message (counted as an error).
 */
@FunctionalInterface
public interface ConfiguredHandler {

    CompletionStage<HandlerResult> onMessage(HandlerRequest request);
}
