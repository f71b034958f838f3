package io.botgrid.grpc;

import io.botgrid.grpc.internal.Authenticator;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The gRPC front's check of API keys and JWTs, for the node's other fronts (the web console): the same keys, the same
 * HS256 secret, the same roles and the same reasons for a refusal, so a credential means the same thing on every
 * front. Thread-safe.
 */
public final class BearerTokens {
    /** Who presented a token, and what they may do. */
    public record Caller(String name, Role role) {
        public Caller {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
        }
    }

    /** A token that is refused; the message says why and never repeats the token. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    private final Authenticator authenticator;

    private BearerTokens(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /**
     * The check of the node's gRPC settings ({@code grpcApiKeys}, {@code grpcJwtSecretFile}).
     *
     * @throws IllegalArgumentException if the JWT secret file cannot be read or is too short
     */
    public static BearerTokens of(List<ApiKey> apiKeys, Path jwtSecretFile, Clock clock) {
        return new BearerTokens(Authenticator.of(apiKeys, jwtSecretFile, clock));
    }

    /** Whether any API key or JWT secret is configured; without, the gRPC front lets every call through. */
    public boolean enabled() {
        return authenticator.enabled();
    }

    /**
     * Checks a bearer token (without the {@code Bearer } prefix).
     *
     * @throws RefusedException with the reason, as the gRPC front's UNAUTHENTICATED would give it
     */
    public Caller authenticate(String token) throws RefusedException {
        if (token == null || token.isBlank()) {
            throw new RefusedException("the bearer token is empty"); // the front's words for "Bearer " alone
        }
        try {
            Authenticator.Principal p = authenticator.authenticate("Bearer " + token);
            return new Caller(p.name(), p.role());
        } catch (StatusRuntimeException e) {
            String reason = e.getStatus().getDescription();
            throw new RefusedException(reason == null ? "the token is refused" : reason);
        }
    }
}
