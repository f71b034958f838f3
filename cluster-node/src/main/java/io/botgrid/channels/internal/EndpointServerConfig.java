package io.botgrid.channels.internal;

import io.botgrid.channels.EndpointConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the node's HTTP endpoint for platform callbacks. The defaults follow what Slack expects: it waits
 * three seconds for an answer, so storing a message is bounded at 2.5 s, and its events are small. The callback URL
 * is public, so every way a client can hold on to the endpoint is bounded: how long its headers and its body may take
 * to arrive, how long it may stay silent, and how many connections may be open at once.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param acceptTimeout how long storing a message may take before the answer is 503
 * @param maxBodyBytes largest body accepted; larger is 413
 * @param threads requests handed to the bots core at once (the threads that may block on storage)
 * @param queueCapacity requests waiting for one of those threads; beyond, the answer is 503
 * @param closeTimeout how long closing waits for requests in flight
 * @param headerTimeout how long a connection may take to send a complete request line and headers, counted from
 *     its opening or from the end of its previous response; the connection is closed after it
 * @param bodyTimeout how long a request's whole body may take to arrive once its headers are in; the answer is
 *     408 and the connection is closed after it
 * @param idleTimeout how long a connection may send nothing at all (while a request is read or between requests)
 * @param maxConnections connections open at once; beyond, new ones wait in the listen backlog
 */
public record EndpointServerConfig(String host, int port, Duration acceptTimeout, int maxBodyBytes, int threads,
                                   int queueCapacity, Duration closeTimeout, Duration headerTimeout,
                                   Duration bodyTimeout, Duration idleTimeout, int maxConnections) {
    /** Default largest body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Default bound of storing a message. */
    public static final Duration DEFAULT_ACCEPT_TIMEOUT = Duration.ofMillis(2500);
    /** Default time for the request line and headers: generous for any real client, short for a slowloris. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = EndpointConfig.DEFAULT_HEADER_TIMEOUT;
    /** Default time for a whole body: a 1 MiB body at a mere 100 KiB/s. */
    public static final Duration DEFAULT_BODY_TIMEOUT = EndpointConfig.DEFAULT_BODY_TIMEOUT;
    /** Default longest silence on a connection. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = EndpointConfig.DEFAULT_IDLE_TIMEOUT;
    /** Default bound of open connections; an idle one costs a socket and a few KiB, no thread. */
    public static final int DEFAULT_MAX_CONNECTIONS = EndpointConfig.DEFAULT_MAX_CONNECTIONS;

    /** Checks ranges. */
    public EndpointServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(acceptTimeout, "acceptTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (acceptTimeout.isNegative() || acceptTimeout.isZero()) {
            throw new IllegalArgumentException("acceptTimeout must be positive");
        }
        if (maxBodyBytes < 1 || threads < 1 || queueCapacity < 1 || maxConnections < 1) {
            throw new IllegalArgumentException(
                    "maxBodyBytes, threads, queueCapacity and maxConnections must be positive");
        }
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative");
        }
        for (Duration d : new Duration[] {headerTimeout, bodyTimeout, idleTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("headerTimeout, bodyTimeout and idleTimeout must be positive");
            }
        }
    }

    /** The given limits with the default connection bounds (header, body and idle timeouts, connection count). */
    public EndpointServerConfig(String host, int port, Duration acceptTimeout, int maxBodyBytes, int threads,
                                int queueCapacity, Duration closeTimeout) {
        this(host, port, acceptTimeout, maxBodyBytes, threads, queueCapacity, closeTimeout, DEFAULT_HEADER_TIMEOUT,
                DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Defaults on {@code host:port}: 2.5 s to store, 1 MiB bodies, 16 threads, 256 queued, 5 s to close, 10 s for
     * headers, 10 s for a body, 30 s of silence, 1024 connections.
     */
    public static EndpointServerConfig defaults(String host, int port) {
        return new EndpointServerConfig(host, port, DEFAULT_ACCEPT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, 16, 256,
                Duration.ofSeconds(5));
    }

    /** The defaults with the node's configured address and connection bounds. */
    public static EndpointServerConfig from(EndpointConfig c) {
        return defaults(c.host(), c.port()).withReadTimeouts(c.headerTimeout(), c.bodyTimeout(), c.idleTimeout())
                .withMaxConnections(c.maxConnections());
    }

    /** The same with another bound on storing a message. */
    public EndpointServerConfig withAcceptTimeout(Duration timeout) {
        return new EndpointServerConfig(host, port, timeout, maxBodyBytes, threads, queueCapacity, closeTimeout,
                headerTimeout, bodyTimeout, idleTimeout, maxConnections);
    }

    /** The same with another body limit. */
    public EndpointServerConfig withMaxBodyBytes(int bytes) {
        return new EndpointServerConfig(host, port, acceptTimeout, bytes, threads, queueCapacity, closeTimeout,
                headerTimeout, bodyTimeout, idleTimeout, maxConnections);
    }

    /** The same with other header, body and idle timeouts. */
    public EndpointServerConfig withReadTimeouts(Duration header, Duration body, Duration idle) {
        return new EndpointServerConfig(host, port, acceptTimeout, maxBodyBytes, threads, queueCapacity, closeTimeout,
                header, body, idle, maxConnections);
    }

    /** The same with another bound on open connections. */
    public EndpointServerConfig withMaxConnections(int connections) {
        return new EndpointServerConfig(host, port, acceptTimeout, maxBodyBytes, threads, queueCapacity, closeTimeout,
                headerTimeout, bodyTimeout, idleTimeout, connections);
    }
}
