package io.botgrid.channels.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the node's HTTP endpoint for platform callbacks. The defaults follow what Slack expects: it waits
 * three seconds for an answer, so storing a message is bounded at 2.5 s, and its events are small.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param acceptTimeout how long storing a message may take before the answer is 503
 * @param maxBodyBytes largest body accepted; larger is 413
 * @param threads requests handled at once
 * @param queueCapacity requests waiting for a thread; beyond, connections are closed unanswered
 * @param closeTimeout how long closing waits for requests in flight
 */
public record EndpointServerConfig(String host, int port, Duration acceptTimeout, int maxBodyBytes, int threads,
                                   int queueCapacity, Duration closeTimeout) {
    /** Default largest body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Default bound of storing a message. */
    public static final Duration DEFAULT_ACCEPT_TIMEOUT = Duration.ofMillis(2500);

    /** Checks ranges. */
    public EndpointServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(acceptTimeout, "acceptTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (acceptTimeout.isNegative() || acceptTimeout.isZero()) {
            throw new IllegalArgumentException("acceptTimeout must be positive");
        }
        if (maxBodyBytes < 1 || threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("maxBodyBytes, threads and queueCapacity must be positive");
        }
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative");
        }
    }

    /** Defaults on {@code host:port}: 2.5 s to store, 1 MiB bodies, 16 threads, 256 queued, 5 s to close. */
    public static EndpointServerConfig defaults(String host, int port) {
        return new EndpointServerConfig(host, port, DEFAULT_ACCEPT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, 16, 256,
                Duration.ofSeconds(5));
    }

    /** The same with another bound on storing a message. */
    public EndpointServerConfig withAcceptTimeout(Duration timeout) {
        return new EndpointServerConfig(host, port, timeout, maxBodyBytes, threads, queueCapacity, closeTimeout);
    }

    /** The same with another body limit. */
    public EndpointServerConfig withMaxBodyBytes(int bytes) {
        return new EndpointServerConfig(host, port, acceptTimeout, bytes, threads, queueCapacity, closeTimeout);
    }
}
