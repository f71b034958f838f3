package io.botgrid.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC front's token check as the console uses it: same keys, same JWT secret file, same reasons. */
class BearerTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final String SECRET = "0123456789abcdef".repeat(2);

    @TempDir
    Path dir;

    @Test
    void namesTheCallerOfAnApiKeyOrAJwtAndRefusesOthersWithTheFrontsReason() throws Exception {
        Path secret = Files.writeString(dir.resolve("jwt.secret"), SECRET + "\n");
        BearerTokens tokens = BearerTokens.of(List.of(ApiKey.of("ops", "k-admin", Role.ADMIN)), secret,
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(tokens.enabled()).isTrue();
        assertThat(tokens.authenticate("k-admin")).isEqualTo(new BearerTokens.Caller("api-key:ops", Role.ADMIN));

        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("ann")
                .claim("role", "operator").expirationTime(Date.from(NOW.plusSeconds(60))).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(tokens.authenticate(jwt.serialize())).isEqualTo(new BearerTokens.Caller("jwt:ann", Role.OPERATOR));

        assertThatThrownBy(() -> tokens.authenticate("k-other")).isInstanceOf(BearerTokens.RefusedException.class)
                .hasMessage("the bearer token is neither a known API key nor a JWT");
        assertThatThrownBy(() -> tokens.authenticate("")).hasMessage("the bearer token is empty");
        assertThatThrownBy(() -> tokens.authenticate(null)).hasMessage("the bearer token is empty");
    }

    @Test
    void withoutKeysOrSecretNothingIsEnabledAndAnUnreadableSecretIsRefusedAtOnce() {
        assertThat(BearerTokens.of(List.of(), null, Clock.systemUTC()).enabled()).isFalse();
        assertThatThrownBy(() -> BearerTokens.of(List.of(), dir.resolve("missing"), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
    }
}
