package io.botgrid.channels;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The bots core as the HTTP endpoint sees it. The endpoint owns the protocols (signatures, formats, status codes);
 * the core owns bots and sessions. This interface is the whole of what one needs from the other, which lets the
 * endpoint be tested without a cluster.
 */
public interface IngressHandler {
    /**
     * Secrets and own identity of a bot's channel.
     *
     * @return the secrets, or empty if the bot or that channel of it does not exist
     */
    Optional<ChannelSecrets> secrets(String botId, ChannelKind kind);

    /**
     * Stores the message durably in its session (de-duplicated by {@link InboundMessage#messageId()}) before
     * completing. The endpoint answers 200 once it completes, 503 if it fails or takes too long, so the platform
     * retries rather than loses the message.
     */
    CompletableFuture<Void> accept(InboundMessage message);

    /**
     * Takes one message of the bot's rate limit: zero if the message may be stored, otherwise how long until it may
     * (the endpoint answers 429 with that {@code Retry-After}). Asked only for authentic requests, so a forger cannot
     * use up a bot's limit. Must return at once. Defaults to no limit.
     */
    default java.time.Duration throttle(String botId) {
        return java.time.Duration.ZERO;
    }

    /**
     * A request for the bot's channel was refused as not authentic (bad or stale signature, 401). For metrics;
     * must return at once. Defaults to nothing.
     */
    default void signatureRejected(ChannelKind kind) {
    }

    /**
     * The Slack Socket Mode settings of a bot, for its receiver.
     *
     * @return empty if the bot does not exist or its Slack channel has no app token. Defaults to empty
     */
    default Optional<SocketModeSettings> socketMode(String botId) {
        return Optional.empty();
    }

    /**
     * What a Socket Mode receiver did ({@code connected}, {@code reconnect}, {@code disconnect_requested},
     * {@code envelope}), for metrics; must return at once. Defaults to nothing.
     */
    default void socketModeEvent(String event) {
    }
}
