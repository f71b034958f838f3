package io.botgrid.channels;

import java.time.Duration;
import java.util.Objects;

/**
 * What a node configures of its channel endpoint (the HTTP server for Slack events and webhooks): where it listens
 * and how long and how many connections a client may hold on to it. The callback URL is public, so these bounds
 * are what stands between a slow or greedy client and the endpoint's sockets. Finer limits (body size, threads,
 * queue) stay the endpoint's own defaults.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param headerTimeout how long a connection may take to send a complete request line and headers
 * @param bodyTimeout how long a request's whole body may take to arrive once its headers are in (then 408)
 * @param idleTimeout how long a connection may send nothing at all
 * @param maxConnections connections open at once; beyond, new ones wait in the listen backlog
 */
public record EndpointConfig(String host, int port, Duration headerTimeout, Duration bodyTimeout,
                             Duration idleTimeout, int maxConnections) {
    /** Default time for the request line and headers: generous for any real client, short for a slowloris. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Default time for a whole body: a 1 MiB body at a mere 100 KiB/s. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
    /** Default longest silence on a connection. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Default bound of open connections; an idle one costs a socket and a few KiB, no thread. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    /** Checks ranges; the message names the setting. */
    public EndpointConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("endpoint port must be 0-65535, got " + port);
        }
        requirePositive(headerTimeout, "headerTimeout");
        requirePositive(bodyTimeout, "bodyTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("endpoint maxConnections must be >= 1, got " + maxConnections);
        }
    }

    /** The default bounds on {@code host:port}. */
    public static EndpointConfig defaults(String host, int port) {
        return new EndpointConfig(host, port, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("endpoint " + name + " must be positive, got " + d);
        }
    }
}
