package io.botgrid.bots.handlers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a bot whose handler is a chain ({@code chain:<name>}) needs of the node's supervised workers, and nothing more:
 * whether a chain of that name is declared, and a push of one message through it.
 *
 * <p>Why a port of the bot platform and not the workers API: the bot platform must not depend on the workers
 * component (the composition root wires one to the other), and a bot only ever needs these two calls. Types are the
 * JDK's, so the seam stays narrow. Implementations are thread-safe and never block: {@link #push} returns at once.
 */
public interface ChainPort {
    /** A node without workers: every chain is unknown. */
    ChainPort NONE = new ChainPort() {
        @Override
        public Optional<String> problem(String chainId) {
            return Optional.of("this node runs no workers");
        }

        @Override
        public CompletionStage<List<String>> push(String chainId, String key, String text,
                                                  Map<String, String> headers) {
            return CompletableFuture.failedFuture(new ChainCallException("this node runs no workers"));
        }
    };

    /**
     * Why {@code chainId} cannot be a bot's handler now, or empty when it names a declared chain. Called when a bot is
     * created or updated, so a typo is refused there rather than on the first message.
     *
     * @return e.g. {@code no worker spec 'x' is declared}, {@code worker spec 'x' is a group, not a chain}
     */
    Optional<String> problem(String chainId);

    /**
     * Pushes one message into the head of the chain.
     *
     * @param key the routing key of key-ordered stages (the conversation, so one conversation's messages keep order)
     * @param text the message text (the payload, UTF-8)
     * @param headers what the stages may read about the message (bot, session, user)
     * @return the texts that left the chain because of this message (the end function's outputs, or the last
     *         stage's), in order; fails with {@link ChainCallException} when the chain refuses or loses the message
     */
    CompletionStage<List<String>> push(String chainId, String key, String text, Map<String, String> headers);
}
