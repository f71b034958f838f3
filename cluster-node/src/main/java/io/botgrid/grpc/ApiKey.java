package io.botgrid.grpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A static API key accepted as a bearer token by the gRPC front. Only the key's SHA-256 hash is configured, so a
 * configuration file or a log line never reveals a usable key. Make the hash of a new key with {@link #hash}.
 *
 * <p>In YAML: {@code grpcApiKeys: [{name: ops-dashboard, hash: "sha256:9f86d0...", role: operator}]}.
 *
 * @param name who holds the key, for logs and error messages; 1-64 characters of {@code [A-Za-z0-9_.-]}
 * @param hash {@code sha256:} followed by the 64 lower-case hex digits of the SHA-256 of the key's UTF-8 bytes
 * @param role what the key may do
 */
public record ApiKey(String name, String hash, Role role) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    /** Validates every field; the message names the key. */
    public ApiKey {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("API key name must be 1-64 characters of [A-Za-z0-9_.-], got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("API key '" + name + "': hash must be 'sha256:' and 64 lower-case hex "
                    + "digits (see ApiKey.hash)");
        }
        Objects.requireNonNull(role, () -> "API key '" + name + "': role is required");
    }

    /** A key entry for a plain key, hashed here: for code and tests that hold the key itself. */
    public static ApiKey of(String name, String key, Role role) {
        return new ApiKey(name, hash(key), role);
    }

    /** {@code sha256:<hex>} of the key's UTF-8 bytes: what configuration holds instead of the key. */
    public static String hash(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an API key must not be empty");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Name and role only: the hash stays out of logs. */
    @Override
    public String toString() {
        return "ApiKey[" + name + ", " + role.label() + "]";
    }
}
