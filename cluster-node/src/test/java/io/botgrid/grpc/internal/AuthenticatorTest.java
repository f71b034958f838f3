package io.botgrid.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Token checks without a server: the clock is fixed, so expiry is exact. */
class AuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final byte[] SECRET = "0123456789abcdef".repeat(4).getBytes(StandardCharsets.UTF_8); // 512 bits: HS512 too

    private final Authenticator auth = new Authenticator(List.of(ApiKey.of("app", "k-client", Role.CLIENT)), SECRET,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static String jwt(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims(Duration expiresIn) {
        return new JWTClaimsSet.Builder().subject("bob").claim("role", "operator")
                .expirationTime(Date.from(NOW.plus(expiresIn)));
    }

    private static String refusal(Authenticator a, String header) {
        StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
                () -> a.authenticate(header));
        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        return e.getStatus().getDescription();
    }

    @Test
    void acceptsApiKeysAndValidJwts() {
        assertThat(auth.authenticate("Bearer k-client")).isEqualTo(new Authenticator.Principal("api-key:app",
                Role.CLIENT));
        assertThat(auth.authenticate("bearer   k-client  ").role()).as("scheme is case-insensitive").isEqualTo(
                Role.CLIENT);
        assertThat(auth.authenticate("Bearer " + jwt(JWSAlgorithm.HS256, SECRET, claims(Duration.ofMinutes(1))
                .build()))).isEqualTo(new Authenticator.Principal("jwt:bob", Role.OPERATOR));
        assertThat(auth.authenticate("Bearer " + jwt(JWSAlgorithm.HS256, SECRET, claims(Duration.ofSeconds(-20))
                .build())).role()).as("within the 30 s leeway").isEqualTo(Role.OPERATOR);
    }

    @Test
    void refusesWithTheReason() {
        assertThat(refusal(auth, null)).startsWith("missing bearer token");
        assertThat(refusal(auth, "Basic dXNlcjpwYXNz")).isEqualTo("the 'authorization' metadata must be 'Bearer "
                + "<token>'");
        assertThat(refusal(auth, "Bearer ")).isEqualTo("the 'authorization' metadata must be 'Bearer <token>'");
        assertThat(refusal(auth, "Bearer k-other")).isEqualTo("the bearer token is neither a known API key nor a "
                + "JWT");
        assertThat(refusal(auth, "Bearer " + jwt(JWSAlgorithm.HS256, SECRET, claims(Duration.ofSeconds(-31))
                .build()))).isEqualTo("JWT expired at 2026-11-23T09:59:29Z");
        assertThat(refusal(auth, "Bearer " + jwt(JWSAlgorithm.HS512, SECRET, claims(Duration.ofMinutes(1))
                .build()))).isEqualTo("JWT must be signed with HS256, got HS512");
        assertThat(refusal(auth, "Bearer " + jwt(JWSAlgorithm.HS256, SECRET, claims(Duration.ofMinutes(1))
                .notBeforeTime(Date.from(NOW.plusSeconds(600))).build())))
                .isEqualTo("JWT is not valid before 2026-11-23T10:10:00Z");
        assertThat(refusal(auth, "Bearer " + jwt(JWSAlgorithm.HS256, SECRET, new JWTClaimsSet.Builder()
                .claim("role", "client").build()))).isEqualTo("JWT has no 'exp' (expiry) claim");
        assertThat(refusal(auth, "Bearer a.b.c")).startsWith("the bearer token is not a well-formed JWT");
    }

    @Test
    void withoutAJwtSecretOnlyApiKeysCountAndShortSecretsAreRefused() {
        Authenticator keysOnly = new Authenticator(List.of(ApiKey.of("app", "k-client", Role.CLIENT)), null,
                Clock.systemUTC());
        assertThat(refusal(keysOnly, "Bearer x.y.z")).isEqualTo("the bearer token is not a known API key");
        assertThat(new Authenticator(List.of(), null, Clock.systemUTC()).enabled()).isFalse();
        assertThatThrownBy(() -> new Authenticator(List.of(), "short".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC())).hasMessage("the JWT secret is 5 bytes; HS256 needs at least 32");
    }
}
