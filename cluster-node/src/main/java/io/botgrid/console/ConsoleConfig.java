package io.botgrid.console;

import io.botgrid.grpc.ApiKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The web console's settings, taken from the node's: the gRPC front's credentials (an API key or JWT means the same on
 * both fronts) and, when set, its certificate (the console then serves HTTPS and its cookie is {@code Secure}).
 *
 * @param host the address to bind
 * @param port the port; 0 picks a free one
 * @param tlsCertFile PEM certificate chain, or null for plain HTTP
 * @param tlsKeyFile PEM (PKCS#8) private key of {@code tlsCertFile}, or null
 * @param apiKeys the gRPC front's API keys
 * @param jwtSecretFile the gRPC front's HS256 secret file, or null
 * @param stopTimeout how long {@link Console#close()} lets requests in flight finish before cutting them off
 * @param sessionIdleTimeout a sign-in ends after this long without a request
 */
public record ConsoleConfig(String host, int port, Path tlsCertFile, Path tlsKeyFile, List<ApiKey> apiKeys,
                            Path jwtSecretFile, Duration stopTimeout, Duration sessionIdleTimeout) {
    /** Checks the values. */
    public ConsoleConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("console port must be 0-65535, got " + port);
        }
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new IllegalArgumentException("the console's TLS needs both a certificate and a key file");
        }
        apiKeys = List.copyOf(apiKeys);
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        if (stopTimeout.isNegative() || sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
            throw new IllegalArgumentException("console timeouts must be positive");
        }
    }

    /** Whether the console serves HTTPS. */
    public boolean tls() {
        return tlsCertFile != null;
    }
}
