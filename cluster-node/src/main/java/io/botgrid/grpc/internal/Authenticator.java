package io.botgrid.grpc.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.botgrid.grpc.ApiKey;
import io.botgrid.grpc.Role;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Turns a bearer token into a {@link Principal}: a static API key (compared by its SHA-256 hash, in constant time)
 * or a JWT signed with HS256 under the configured secret, whose {@code exp} has not passed (30 s leeway) and whose
 * {@code role} claim names a {@link Role}. Every refusal is UNAUTHENTICATED with the reason; the token itself is
 * never echoed.
 */
public final class Authenticator {
    /** Who is calling. */
    public record Principal(String name, Role role) {
    }

    /** Clock difference tolerated on {@code exp} and {@code nbf}. */
    static final Duration LEEWAY = Duration.ofSeconds(30);
    /** The shortest HS256 secret accepted: 256 bits, as RFC 7518 requires. */
    static final int MIN_SECRET_BYTES = 32;

    private final List<ApiKey> apiKeys;
    private final List<byte[]> apiKeyHashes;
    private final MACVerifier jwtVerifier;
    private final Clock clock;

    /**
     * @param jwtSecret the HS256 secret, or null to accept no JWT
     * @throws IllegalArgumentException if the secret is shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    Authenticator(List<ApiKey> apiKeys, byte[] jwtSecret, Clock clock) {
        this.apiKeys = List.copyOf(apiKeys);
        this.apiKeyHashes = apiKeys.stream().map(k -> k.hash().getBytes(StandardCharsets.US_ASCII)).toList();
        this.clock = clock;
        if (jwtSecret == null) {
            jwtVerifier = null;
        } else {
            if (jwtSecret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("the JWT secret is " + jwtSecret.length + " bytes; HS256 needs at "
                        + "least " + MIN_SECRET_BYTES);
            }
            try {
                jwtVerifier = new MACVerifier(jwtSecret);
            } catch (JOSEException e) {
                throw new IllegalArgumentException("the JWT secret is not usable for HS256: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The authenticator of a front's settings: the keys, and the HS256 secret read from its file (null: no JWT).
     *
     * @throws IllegalArgumentException if the secret file cannot be read or is too short
     */
    public static Authenticator of(List<ApiKey> apiKeys, java.nio.file.Path jwtSecretFile, Clock clock) {
        return new Authenticator(apiKeys, FrontServices.readSecret(jwtSecretFile), clock);
    }

    /** Whether any credential is configured; if not, the front lets every call through. */
    public boolean enabled() {
        return !apiKeys.isEmpty() || jwtVerifier != null;
    }

    /**
     * Authenticates the value of the {@code authorization} header.
     *
     * @throws StatusRuntimeException UNAUTHENTICATED with the reason
     */
    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthenticated("missing bearer token: send the metadata 'authorization: Bearer <token>'");
        }
        String value = authorization.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthenticated("the 'authorization' metadata must be 'Bearer <token>'");
        }
        String token = value.substring(7).trim();
        if (token.isBlank()) { // isBlank, not isEmpty: trim() keeps Unicode spaces such as U+2003
            throw unauthenticated("the bearer token is empty");
        }
        if (jwtVerifier != null && looksLikeJwt(token)) {
            return verifyJwt(token);
        }
        byte[] hash = ApiKey.hash(token).getBytes(StandardCharsets.US_ASCII);
        ApiKey match = null;
        for (int i = 0; i < apiKeyHashes.size(); i++) {
            if (MessageDigest.isEqual(hash, apiKeyHashes.get(i))) { // every key compared: no early exit
                match = apiKeys.get(i);
            }
        }
        if (match == null) {
            throw unauthenticated(jwtVerifier == null ? "the bearer token is not a known API key"
                    : "the bearer token is neither a known API key nor a JWT");
        }
        return new Principal("api-key:" + match.name(), match.role());
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    private Principal verifyJwt(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw unauthenticated("the bearer token is not a well-formed JWT: " + e.getMessage());
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!JWSAlgorithm.HS256.equals(alg)) {
            throw unauthenticated("JWT must be signed with HS256, got " + alg);
        }
        try {
            if (!jwt.verify(jwtVerifier)) {
                throw unauthenticated("JWT signature does not verify with the configured secret");
            }
        } catch (JOSEException e) {
            throw unauthenticated("JWT signature cannot be verified: " + e.getMessage());
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw unauthenticated("JWT has no 'exp' (expiry) claim");
        }
        if (exp.toInstant().plus(LEEWAY).isBefore(now)) {
            throw unauthenticated("JWT expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(LEEWAY).isAfter(now)) {
            throw unauthenticated("JWT is not valid before " + nbf.toInstant());
        }
        Object role = claims.getClaim("role");
        if (!(role instanceof String text)) {
            throw unauthenticated("JWT has no 'role' claim (a string: admin, operator or client)");
        }
        Role parsed;
        try {
            parsed = Role.of(text);
        } catch (IllegalArgumentException e) {
            throw unauthenticated("JWT " + e.getMessage());
        }
        String subject = claims.getSubject();
        return new Principal("jwt:" + (subject == null ? "?" : subject), parsed);
    }

    private static StatusRuntimeException unauthenticated(String message) {
        return Status.UNAUTHENTICATED.withDescription(message).asRuntimeException();
    }
}
