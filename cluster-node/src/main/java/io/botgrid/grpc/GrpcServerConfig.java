package io.botgrid.grpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a node's gRPC front, owned by the front; the node builds it from its {@code grpc*} configuration
 * keys (and {@code host}), where each is documented with its default.
 *
 * @param host address the server binds; also the address published to other nodes unless it is a wildcard
 * @param port port to bind; 0 picks a free one
 * @param maxMessageBytes largest request accepted, bytes
 * @param maxInFlightCalls unary calls served at once
 * @param defaultDeadline deadline of a call whose caller set none
 * @param shutdownTimeout how long a graceful stop waits for calls in flight
 * @param tlsCertFile PEM certificate chain, or null for plaintext
 * @param tlsKeyFile PEM PKCS#8 private key, or null for plaintext
 * @param apiKeys accepted API keys (hashes and roles)
 * @param jwtSecretFile file holding the HS256 secret of accepted JWTs, or null
 * @param maxMetadataBytes largest request metadata (headers) accepted, bytes
 * @param maxConcurrentStreams calls open at once on one connection; more wait until one ends, as HTTP/2 says
 * @param permitKeepAliveTime shortest interval between a client's keepalive pings; a client pinging more often
 *        (or at all without a call open) is disconnected with GOAWAY {@code too_many_pings}
 * @param maxConnectionIdle a connection without calls for this long is closed (gracefully)
 * @param maxConnectionAge a connection this old is asked to go away (GOAWAY), so clients rebalance; zero: never
 * @param maxConnectionAgeGrace how long calls open at that moment may still run; zero: as long as they need
 * @param maxDeadline longest deadline a unary call gets: a caller asking for more is clamped to it
 */
public record GrpcServerConfig(String host, int port, int maxMessageBytes, int maxInFlightCalls,
                               Duration defaultDeadline, Duration shutdownTimeout, Path tlsCertFile, Path tlsKeyFile,
                               List<ApiKey> apiKeys, Path jwtSecretFile, int maxMetadataBytes,
                               int maxConcurrentStreams, Duration permitKeepAliveTime, Duration maxConnectionIdle,
                               Duration maxConnectionAge, Duration maxConnectionAgeGrace, Duration maxDeadline) {
    /** Default of {@link #maxMetadataBytes()}: grpc-java's own, 8 KiB. */
    public static final int DEFAULT_MAX_METADATA_BYTES = 8 * 1024;
    /** Default of {@link #maxConcurrentStreams()}. */
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 128;
    /** Default of {@link #permitKeepAliveTime()}. */
    public static final Duration DEFAULT_PERMIT_KEEPALIVE_TIME = Duration.ofSeconds(30);
    /** Default of {@link #maxConnectionIdle()}. */
    public static final Duration DEFAULT_MAX_CONNECTION_IDLE = Duration.ofMinutes(30);
    /** Default of {@link #maxConnectionAge()}. */
    public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ofHours(2);
    /** Default of {@link #maxConnectionAgeGrace()}. */
    public static final Duration DEFAULT_MAX_CONNECTION_AGE_GRACE = Duration.ofHours(1);
    /** Default of {@link #maxDeadline()}. */
    public static final Duration DEFAULT_MAX_DEADLINE = Duration.ofMinutes(5);

    /** Checks what the node's configuration does not already guarantee. */
    public GrpcServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        apiKeys = List.copyOf(Objects.requireNonNull(apiKeys, "apiKeys"));
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new IllegalArgumentException("a TLS certificate and key must be configured together");
        }
        if (maxMetadataBytes < 1 || maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxMetadataBytes and maxConcurrentStreams must be positive");
        }
        for (Duration d : List.of(permitKeepAliveTime, maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace,
                maxDeadline)) {
            if (Objects.requireNonNull(d, "a connection limit").isNegative()) {
                throw new IllegalArgumentException("connection limits must not be negative, got " + d);
            }
        }
        if (maxDeadline.isZero() || maxConnectionIdle.isZero()) {
            throw new IllegalArgumentException("maxDeadline and maxConnectionIdle must be positive");
        }
    }

    /** The settings with the default connection limits ({@code DEFAULT_*}). */
    public GrpcServerConfig(String host, int port, int maxMessageBytes, int maxInFlightCalls, Duration defaultDeadline,
                            Duration shutdownTimeout, Path tlsCertFile, Path tlsKeyFile, List<ApiKey> apiKeys,
                            Path jwtSecretFile) {
        this(host, port, maxMessageBytes, maxInFlightCalls, defaultDeadline, shutdownTimeout, tlsCertFile, tlsKeyFile,
                apiKeys, jwtSecretFile, DEFAULT_MAX_METADATA_BYTES, DEFAULT_MAX_CONCURRENT_STREAMS,
                DEFAULT_PERMIT_KEEPALIVE_TIME, DEFAULT_MAX_CONNECTION_IDLE, DEFAULT_MAX_CONNECTION_AGE,
                DEFAULT_MAX_CONNECTION_AGE_GRACE, DEFAULT_MAX_DEADLINE);
    }

    /** Whether calls must carry a bearer token. */
    public boolean authEnabled() {
        return !apiKeys.isEmpty() || jwtSecretFile != null;
    }

    /** Whether the server speaks TLS. */
    public boolean tlsEnabled() {
        return tlsCertFile != null;
    }
}
