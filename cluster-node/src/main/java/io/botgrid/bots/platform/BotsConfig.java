package io.botgrid.bots.platform;

import io.botgrid.channels.EndpointConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a node's bot platform, owned by the platform so that it reads nothing of the node that composes
 * it. The node builds it from its flat configuration keys ({@code pluginsDir}, {@code handlerTimeout},
 * {@code replyMaxInFlight}, {@code sampleBot}, {@code endpoint*}), where each is documented with its default.
 *
 * @param nodeName the node's name, for thread names and log lines
 * @param endpoint the channel endpoint (HTTP: Slack Events API, webhooks)
 * @param pluginsDir folder whose jars hold user bot handlers, or null for none
 * @param handlerTimeout how long a bot handler may take to answer one message
 * @param replyMaxInFlight replies the outbox sends at once to one destination (a Slack Web API, a webhook host)
 * @param sampleBot whether the sample rules bot {@code sample} is created at start if it does not exist
 */
public record BotsConfig(String nodeName, EndpointConfig endpoint, Path pluginsDir, Duration handlerTimeout,
                         int replyMaxInFlight, boolean sampleBot) {
    /**
     * Default of {@code replyMaxInFlight}: enough for a few thousand replies a second to a Web API answering in
     * tens of milliseconds, few enough connections for any receiver.
     */
    public static final int DEFAULT_REPLY_MAX_IN_FLIGHT = 64;

    /** Checks what the platform cannot run without. */
    public BotsConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(handlerTimeout, "handlerTimeout");
        if (handlerTimeout.isNegative() || handlerTimeout.isZero()) {
            throw new IllegalArgumentException("handlerTimeout must be positive, got " + handlerTimeout);
        }
        if (replyMaxInFlight < 1) {
            throw new IllegalArgumentException("replyMaxInFlight must be >= 1, got " + replyMaxInFlight);
        }
    }
}
