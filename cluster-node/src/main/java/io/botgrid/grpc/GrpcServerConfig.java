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
 */
public record GrpcServerConfig(String host, int port, int maxMessageBytes, int maxInFlightCalls,
                               Duration defaultDeadline, Duration shutdownTimeout, Path tlsCertFile, Path tlsKeyFile,
                               List<ApiKey> apiKeys, Path jwtSecretFile) {

    /** Checks what the node's configuration does not already guarantee. */
    public GrpcServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        apiKeys = List.copyOf(Objects.requireNonNull(apiKeys, "apiKeys"));
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new IllegalArgumentException("a TLS certificate and key must be configured together");
        }
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
